#include "config.h"
/* Placeholder being replaced by the report command. */
#include "cli/cli.h"
int cmd_report(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
