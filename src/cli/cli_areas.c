/* areas, areas add, areas rename. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "util/i18n.h"

static int print_subtree(app *a, int64_t parent_id, const char *parent_code, int depth, bool csv,
			 strbuf *line)
{
	area *kids;
	size_t n;
	if (area_children(a->db, parent_id, &kids, &n) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		area *k = &kids[i];
		sb_clear(line);
		if (csv) {
			sb_add_csv(line, k->code);
			sb_addc(line, ',');
			sb_add_csv(line, k->name);
			sb_addc(line, ',');
			sb_add(line, area_kind_key(k->kind));
			sb_addc(line, ',');
			sb_add_csv(line, parent_code);
		} else {
			sb_printf(line, "%*s%s  (%s, %s)", depth * 2, "", k->name, area_kind_label(k->kind), k->code);
		}
		puts(line->s);
		rc = print_subtree(a, k->id, k->code, depth + 1, csv, line);
	}
	areas_free(kids, n);
	return rc;
}

static int areas_list(app *a, int argc, char **argv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	bool csv = false;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("areas");
		if (cli_parse_format(optarg, &csv))
			return 1;
	}
	if (optind != argc)
		return cli_usage("areas");
	strbuf line;
	sb_init(&line);
	if (csv)
		puts("code,name,kind,parent_code");
	int rc = print_subtree(a, 0, "", 0, csv, &line);
	sb_free(&line);
	return rc < 0 ? cli_db_error(a) : 0;
}

static int areas_add(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ "kind", required_argument, NULL, 'k' },
		{ 0, 0, 0, 0 },
	};
	const char *parent_spec = NULL, *kind_key = NULL;
	int c;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			parent_spec = optarg;
		else if (c == 'k')
			kind_key = optarg;
		else
			return cli_usage("areas");
	}
	if (!parent_spec || optind != argc - 1)
		return cli_usage("areas");
	int64_t parent_id;
	if (area_resolve(a->db, parent_spec, &parent_id) < 0)
		return cli_db_error(a);
	area parent;
	if (area_get(a->db, parent_id, &parent) < 0)
		return cli_db_error(a);
	area_kind kind = area_kind_default_child(parent.kind);
	area_free(&parent);
	if (kind_key) {
		int k = area_kind_from_key(kind_key);
		if (k < 0)
			return cli_error(_("unknown kind \"%s\" (province, district, commune, town, ward, "
					   "village, residential_group)"), kind_key);
		kind = (area_kind)k;
	}
	int64_t id;
	if (area_add(a->db, parent_id, argv[optind], kind, &id) < 0)
		return cli_db_error(a);
	area added;
	if (area_get(a->db, id, &added) < 0)
		return cli_db_error(a);
	printf("%s\t%s\n", added.code, added.name);
	area_free(&added);
	return 0;
}

static int areas_rename(app *a, int argc, char **argv)
{
	if (argc != 3)
		return cli_usage("areas");
	int64_t id;
	if (area_resolve(a->db, argv[1], &id) < 0)
		return cli_db_error(a);
	if (area_rename(a->db, id, argv[2]) < 0)
		return cli_db_error(a);
	return 0;
}

int cmd_areas(app *a, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return areas_add(a, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "rename") == 0)
		return areas_rename(a, argc - 1, argv + 1);
	if (argc >= 2 && argv[1][0] != '-')
		return cli_error(_("unknown subcommand \"areas %s\" (add, rename)"), argv[1]);
	return areas_list(a, argc, argv);
}
