/* Command-line commands: the same domain calls as the TUI, for scripts, tests and benchmarks.
 * Each returns the process exit status: 0 done, 1 refused or failed (message on stderr), 2 usage. */
#ifndef KM_CLI_H
#define KM_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "app.h"

typedef struct cli_command {
	const char *name;
	int (*run)(app *a, int argc, char **argv);   /* argv[0] is the command name */
	const char *usage;                           /* msgid */
	const char *summary;                         /* msgid */
	int needs_db;
} cli_command;

extern const cli_command cli_commands[];

/* Runs argv[0] with its arguments. */
int cli_run(app *a, int argc, char **argv);
/* Prints the list of commands. */
void cli_print_commands(FILE *out);

/* Shared helpers for the commands. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* prints, returns 1 */
int cli_usage(const char *command);                                            /* returns 2 */
int cli_db_error(app *a);                                                      /* returns 1 */
/* Parses --format's value: text or csv. 0, or 1 with a message printed. */
int cli_parse_format(const char *arg, bool *csv);
/* Parses a dd/mm/yyyy date (NULL: today) into yyyy-mm-dd. 0, or 1 with a message printed. */
int cli_parse_date(const char *s, char *iso, size_t cap);
/* Parses a year (1900-2999); -1 with a message printed if invalid. */
int cli_parse_year(const char *s);
/* The year a command works on when none is given: the config's, else the current year. */
int cli_default_year(app *a);

/* Sends stdout (out) and stderr (err), those that are terminals, through the display filter of
 * util/text.h: nothing in the data drives the terminal. */
void cli_guard_terminal(bool out, bool err);
/* The unfiltered stderr, for a progress bar's own escape sequences. */
FILE *cli_raw_stderr(void);

int cmd_init(app *a, int argc, char **argv);
int cmd_demo(app *a, int argc, char **argv);
int cmd_bench_data(app *a, int argc, char **argv);
int cmd_keys(app *a, int argc, char **argv);
int cmd_areas(app *a, int argc, char **argv);
int cmd_status(app *a, int argc, char **argv);
int cmd_tick(app *a, int argc, char **argv);
int cmd_assess(app *a, int argc, char **argv);
int cmd_history(app *a, int argc, char **argv);
int cmd_org(app *a, int argc, char **argv);
int cmd_criteria(app *a, int argc, char **argv);
int cmd_facts(app *a, int argc, char **argv);
int cmd_register(app *a, int argc, char **argv);
int cmd_step(app *a, int argc, char **argv);
int cmd_recognise(app *a, int argc, char **argv);
int cmd_revoke(app *a, int argc, char **argv);
int cmd_recheck(app *a, int argc, char **argv);
int cmd_titles(app *a, int argc, char **argv);
int cmd_award(app *a, int argc, char **argv);
int cmd_worklist(app *a, int argc, char **argv);
int cmd_resources(app *a, int argc, char **argv);
int cmd_import(app *a, int argc, char **argv);
int cmd_status_table(app *a, int argc, char **argv);
int cmd_targets(app *a, int argc, char **argv);
int cmd_matrix(app *a, int argc, char **argv);
int cmd_report(app *a, int argc, char **argv);
int cmd_user(app *a, int argc, char **argv);
int cmd_audit(app *a, int argc, char **argv);
int cmd_backup(app *a, int argc, char **argv);
int cmd_check(app *a, int argc, char **argv);
#endif
