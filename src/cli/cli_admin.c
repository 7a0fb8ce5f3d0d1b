#include "config.h"
/* Placeholder being replaced by the audit, backup and check commands. */
#include "cli/cli.h"
int cmd_audit(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
int cmd_backup(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
int cmd_check(app *a, int argc, char **argv) { (void)a; (void)argc; (void)argv; return cli_error("in progress"); }
