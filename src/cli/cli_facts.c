#include "config.h"
/* facts: show or set an area's facts for a year (households, population, area type, roads). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/facts.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/vnum.h"

typedef struct setter {
	char *key;
	const char *value;   /* NULL: remove */
} setter;

/* "1.200 hộ", "2,5 km", "KV1". */
static void value_text(const fact_value *v, strbuf *out)
{
	if (v->is_text) {
		sb_add(out, v->text ? v->text : "");
		return;
	}
	const fact_def *def = fact_def_find(v->key);
	char num[32];
	vn_format_number(v->num, def && def->type == FACT_INTEGER ? 0 : 3, num, sizeof num);
	sb_add(out, num);
	if (def && def->unit)
		sb_printf(out, " %s", def->unit);
}

/* s padded with spaces to width terminal columns. */
static void add_padded(strbuf *b, const char *s, int width)
{
	sb_add(b, s);
	for (int w = text_width(s); w < width; w++)
		sb_addc(b, ' ');
}

static const fact_value *find(const area_facts *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->values[i].key, key) == 0)
			return &f->values[i];
	return NULL;
}

/* The keys to show, in order: the allowed ones, then any other recorded ones. */
static char **display_keys(app *a, const area_facts *f, size_t *n)
{
	char **keys;
	size_t nk;
	if (facts_allowed_keys(a->db, &keys, &nk) < 0)
		return NULL;
	keys = xrealloc(keys, (nk + f->n + 1) * sizeof *keys);
	for (size_t i = 0; i < f->n; i++) {
		bool seen = false;
		for (size_t k = 0; k < nk && !seen; k++)
			seen = strcmp(keys[k], f->values[i].key) == 0;
		if (!seen)
			keys[nk++] = xstrdup(f->values[i].key);
	}
	*n = nk;
	return keys;
}

static void print_text(app *a, int64_t area_id, const area_facts *f, char **keys, size_t nk)
{
	strbuf b;
	sb_init(&b);
	area *path;
	size_t np;
	if (area_path(a->db, area_id, &path, &np) == 0) {
		area_path_text(path, np, " › ", &b);
		printf("%s  (%s)\n", b.s, path[np - 1].code);
		areas_free(path, np);
	}
	printf(_("Facts for %d\n"), f->year);
	int lw = 0;
	for (size_t k = 0; k < nk; k++) {
		const fact_def *def = fact_def_find(keys[k]);
		int w = text_width(def ? _(def->label) : keys[k]);
		if (w > lw)
			lw = w;
	}
	for (size_t k = 0; k < nk; k++) {
		const fact_def *def = fact_def_find(keys[k]);
		const fact_value *v = find(f, keys[k]);
		sb_clear(&b);
		add_padded(&b, def ? _(def->label) : keys[k], lw + 2);
		if (!v) {
			sb_add(&b, "—");
		} else {
			strbuf val;
			sb_init(&val);
			value_text(v, &val);
			add_padded(&b, val.s, 14);
			char date[16] = "";
			if (v->updated_at) {
				char day[11];
				snprintf(day, sizeof day, "%.10s", v->updated_at);
				vn_format_iso_date(day, date, sizeof date);
			}
			sb_printf(&b, "  %s · %s", v->updated_by ? v->updated_by : "?", date);
			sb_free(&val);
		}
		puts(b.s);
	}
	sb_free(&b);
}

static void print_csv(const area_facts *f, char **keys, size_t nk)
{
	puts("key,value,unit,updated_by,updated_at");
	strbuf b;
	sb_init(&b);
	for (size_t k = 0; k < nk; k++) {
		const fact_value *v = find(f, keys[k]);
		if (!v)
			continue;
		const fact_def *def = fact_def_find(v->key);
		sb_clear(&b);
		sb_add_csv(&b, v->key);
		sb_addc(&b, ',');
		if (v->is_text)
			sb_add_csv(&b, v->text ? v->text : "");
		else
			sb_printf(&b, "%.10g", v->num);
		sb_addc(&b, ',');
		sb_add_csv(&b, def && def->unit ? def->unit : "");
		sb_addc(&b, ',');
		sb_add_csv(&b, v->updated_by ? v->updated_by : "");
		sb_addc(&b, ',');
		sb_add_csv(&b, v->updated_at ? v->updated_at : "");
		puts(b.s);
	}
	sb_free(&b);
}

static int show(app *a, int64_t area_id, int year, bool csv)
{
	area_facts f;
	if (facts_load(a->db, area_id, year, &f) < 0)
		return cli_db_error(a);
	size_t nk;
	char **keys = display_keys(a, &f, &nk);
	if (!keys) {
		facts_free(&f);
		return cli_db_error(a);
	}
	if (csv)
		print_csv(&f, keys, nk);
	else
		print_text(a, area_id, &f, keys, nk);
	for (size_t k = 0; k < nk; k++)
		free(keys[k]);
	free(keys);
	facts_free(&f);
	return 0;
}

static void setters_free(setter *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].key);
	free(s);
}

int cmd_facts(app *a, int argc, char **argv)
{
	enum { O_YEAR = 256, O_FORMAT, O_SET, O_UNSET, O_FACT };
	static const struct option opts[] = {
		{ "year", required_argument, NULL, O_YEAR },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "set", required_argument, NULL, O_SET },
		{ "unset", required_argument, NULL, O_UNSET },
		/* One option per known fact: O_FACT + its index in option_keys. */
		{ "households", required_argument, NULL, O_FACT + 0 },
		{ "population", required_argument, NULL, O_FACT + 1 },
		{ "residents", required_argument, NULL, O_FACT + 2 },
		{ "area-type", required_argument, NULL, O_FACT + 3 },
		{ "road-km", required_argument, NULL, O_FACT + 4 },
		{ "lane-km", required_argument, NULL, O_FACT + 5 },
		{ 0, 0, 0, 0 },
	};
	static const char *const option_keys[] = {
		"households", "population", "residents", "area_type", "road_km", "lane_km",
	};
	int year = cli_default_year(a), c, rc = 0;
	bool csv = false;
	setter *set = xcalloc((size_t)argc + 1, sizeof *set);
	size_t nset = 0;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == O_YEAR) {
			if ((year = cli_parse_year(optarg)) < 0) {
				rc = 2;
				goto out;
			}
		} else if (c == O_FORMAT) {
			if ((rc = cli_parse_format(optarg, &csv)) != 0)
				goto out;
		} else if (c == O_SET) {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				cli_error(_("--set takes KEY=VALUE, e.g. --set households=1.200"));
				rc = 2;
				goto out;
			}
			set[nset].key = xstrdup(optarg);
			set[nset].key[eq - optarg] = '\0';
			set[nset++].value = eq + 1;
		} else if (c == O_UNSET) {
			set[nset].key = xstrdup(optarg);
			set[nset++].value = NULL;
		} else if (c >= O_FACT && c - O_FACT < (int)(sizeof option_keys / sizeof *option_keys)) {
			set[nset].key = xstrdup(option_keys[c - O_FACT]);
			set[nset++].value = optarg;
		} else {
			rc = cli_usage("facts");
			goto out;
		}
	}
	if (optind != argc - 1) {
		rc = cli_usage("facts");
		goto out;
	}
	int64_t area_id;
	if (area_resolve(a->db, argv[optind], &area_id) < 0) {
		rc = cli_db_error(a);
		goto out;
	}
	if (nset) {
		/* Every value is checked before any is written: a refused one changes nothing. */
		char err[512];
		for (size_t i = 0; i < nset; i++)
			if (!facts_check(a->db, set[i].key, set[i].value, err, sizeof err))
				rc = cli_error("%s", err);
		if (rc)
			goto out;
		for (size_t i = 0; i < nset && !rc; i++)
			if (facts_set(a->db, area_id, year, set[i].key, set[i].value) < 0)
				rc = cli_db_error(a);
		if (rc)
			goto out;
	}
	rc = show(a, area_id, year, csv);
out:
	setters_free(set, nset);
	return rc;
}
