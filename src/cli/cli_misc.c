/* init, demo, bench-data, keys. */
#include "config.h"
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/bench_data.h"
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
	if (db_readonly(a->db))
		printf(_("It is read-only (%s): it can be read, not changed.\n"), db_readonly(a->db));
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

/* A progress line on a terminal, a line per tenth otherwise (logs of `make bench`). */
static void bench_progress(void *ctx, int done, int total)
{
	bool *tty = ctx;
	if (*tty && (done % 100 == 0 || done == total)) {
		fputc('\r', stderr);
		fprintf(stderr, _("Villages: %d of %d"), done, total);
	}
	else if (!*tty && (done == total || done % (total / 10 ? total / 10 : 1) == 0))
		fprintf(stderr, _("Villages: %d of %d\n"), done, total);
	if (*tty && done == total)
		fputc('\n', stderr);
}

int cmd_bench_data(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "seed", required_argument, NULL, 's' }, { 0, 0, 0, 0 } };
	uint64_t seed = 20250701;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		if (c != 's')
			return cli_usage("bench-data");
		seed = strtoull(optarg, &end, 10);
		if (!*optarg || *end)
			return cli_error(_("--seed: not a whole number: %s"), optarg);
	}
	if (optind != argc - 1)
		return cli_usage("bench-data");
	int scale = bench_scale_from_key(argv[optind]);
	if (scale < 0)
		return cli_error(_("unknown scale \"%s\" (district, province or country)"), argv[optind]);
	bool tty = isatty(2);
	if (bench_data_fill(a->db, (bench_scale)scale, seed, bench_progress, &tty) < 0)
		return cli_db_error(a);
	bench_counts n = bench_scale_counts((bench_scale)scale);
	printf(_("Benchmark data (%s: %d communes, %d villages, 2021-2025) written to %s\n"), argv[optind],
	       n.communes, n.villages, db_path(a->db));
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
