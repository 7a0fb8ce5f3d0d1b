#include "config.h"
/* Placeholder being replaced by the status-table, targets and matrix commands. */
#include "cli/cli.h"
int cmd_status_table(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
int cmd_targets(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
int cmd_matrix(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
