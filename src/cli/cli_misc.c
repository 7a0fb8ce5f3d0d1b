/* init, demo, keys. */
#include "config.h"
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/demo.h"
#include "ui/keymap.h"
#include "util/i18n.h"
#include "util/paths.h"

int cmd_init(app *a, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage("init");
	printf(_("Database ready: %s (schema version %d)\n"), db_path(a->db), db_schema_version(a->db));
	return 0;
}

int cmd_demo(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "force", no_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	bool force = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("demo");
		force = true;
	}
	if (optind != argc)
		return cli_usage("demo");
	/* The shared database: demo rows are written outside the audit log. */
	if (a->restricted)
		return cli_error("%s", _("demo is not allowed here (restricted mode)"));
	if (demo_fill(a->db, force) < 0)
		return cli_db_error(a);
	printf(_("Demo data written to %s (%d-%d, illustrative)\n"), db_path(a->db), DEMO_FIRST_YEAR,
	       DEMO_LAST_YEAR);
	return 0;
}

/* The same keymap the TUI would use, with every action, its keys and its description. */
int cmd_keys(app *a, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage("keys");
	keymap km;
	bool vi = a->cfg.keymap && strcmp(a->cfg.keymap, "vi") == 0;
	keymap_defaults(&km, vi);
	strbuf errors, keys;
	sb_init(&errors);
	sb_init(&keys);
	char *user = paths_config_file("keymap.ini");
	if (access(user, F_OK) == 0)
		keymap_load(&km, user, &errors);
	free(user);
	for (int i = 0; i < ACT_COUNT; i++) {
		sb_clear(&keys);
		keymap_describe(&km, i, &keys);
		printf("%-14s %-22s %s\n", action_table[i].name, keys.s, _(action_table[i].description));
	}
	if (a->config_errors.len || errors.len)
		fprintf(stderr, "%s%s", a->config_errors.s, errors.s);
	int rc = errors.len || a->config_errors.len ? 1 : 0;
	sb_free(&errors);
	sb_free(&keys);
	return rc;
}
