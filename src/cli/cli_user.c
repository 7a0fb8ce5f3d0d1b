#include "config.h"
/* Placeholder being replaced by the user command. */
#include "cli/cli.h"
int cmd_user(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
