#include "config.h"
/* Placeholder being replaced by the recognition cycle's commands. */
#include "cli/cli.h"
static int todo(void) { return cli_error("in progress"); }
int cmd_register(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
int cmd_step(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
int cmd_recognise(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
int cmd_revoke(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
int cmd_recheck(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
int cmd_titles(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return todo(); }
