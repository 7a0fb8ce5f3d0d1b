#include "config.h"
/* register, step, recognise, revoke, recheck, titles: the yearly recognition cycle from the
 * command line. Dates are typed dd/mm/yyyy and shown the same way. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/cycle.h"
#include "util/i18n.h"
#include "util/vnum.h"

/* A date typed dd/mm/yyyy into iso (yyyy-mm-dd); NULL: today. 0, or 1 with a message printed. */

/* The area a user typed, with its name (malloc'd). 0, or 1 with the message printed. */
static int find_area(app *a, const char *spec, int64_t *id, char **name)
{
	area v;
	if (area_resolve(a->db, spec, id) < 0 || area_get(a->db, *id, &v) < 0)
		return cli_db_error(a);
	*name = v.name;
	v.name = NULL;
	area_free(&v);
	return 0;
}

/* --year's value into *year: 0, or 2 (usage) with a message printed. */
static int year_arg(const char *s, int *year)
{
	*year = cli_parse_year(s);
	return *year < 0 ? 2 : 0;
}

static const char *show(const char *iso, char *buf, size_t cap)
{
	return vn_format_iso_date(iso, buf, cap);
}

int cmd_register(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "title", required_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "cancel", no_argument, NULL, 'c' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c, rc;
	const char *title = NULL, *date = NULL, *note = NULL;
	bool cancel = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((rc = year_arg(optarg, &year)))
				return rc;
			break;
		case 't': title = optarg; break;
		case 'd': date = optarg; break;
		case 'n': note = optarg; break;
		case 'c': cancel = true; break;
		default: return cli_usage("register");
		}
	}
	if (optind != argc - 1 || !year || (cancel ? title || date || note : !title))
		return cli_usage("register");
	int t = 0;
	if (!cancel && (t = title_from_key(title)) < 0)
		return cli_error(_("unknown title \"%s\" (exemplary or model)"), title);
	char iso[16], shown[16];
	if (!cancel && cli_parse_date(date, iso, sizeof iso))
		return 1;
	int64_t id;
	char *name;
	if (find_area(a, argv[optind], &id, &name))
		return 1;
	rc = 0;
	if (cancel) {
		if (cycle_unregister(a->db, id, year) < 0)
			rc = cli_db_error(a);
		else
			printf(_("%s: the registration for %d is cancelled\n"), name, year);
	} else {
		if (cycle_register(a->db, id, year, (title_kind)t, iso, note) < 0)
			rc = cli_db_error(a);
		else
			printf(_("%s registered for %d: %s, on %s\n"), name, year, title_label((title_kind)t),
			       show(iso, shown, sizeof shown));
	}
	free(name);
	return rc;
}

int cmd_step(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "undo", no_argument, NULL, 'u' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c, rc;
	const char *date = NULL, *note = NULL;
	bool undo = false;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((rc = year_arg(optarg, &year)))
				return rc;
			break;
		case 'd': date = optarg; break;
		case 'n': note = optarg; break;
		case 'u': undo = true; break;
		default: return cli_usage("step");
		}
	}
	if (optind != argc - 2 || !year || (undo && (date || note)))
		return cli_usage("step");
	int s = step_from_key(argv[optind + 1]);
	if (s < 0)
		return cli_error(_("unknown step \"%s\" (self-assessed, appraised or inspected)"),
				 argv[optind + 1]);
	char iso[16], shown[16];
	if (!undo && cli_parse_date(date, iso, sizeof iso))
		return 1;
	int64_t id;
	char *name;
	if (find_area(a, argv[optind], &id, &name))
		return 1;
	rc = 0;
	if (undo) {
		if (cycle_step_undo(a->db, id, year, (cycle_step_kind)s) < 0)
			rc = cli_db_error(a);
		else
			printf(_("%s, %d: \"%s\" undone\n"), name, year, step_label((cycle_step_kind)s));
	} else {
		if (cycle_step_done(a->db, id, year, (cycle_step_kind)s, iso, note) < 0)
			rc = cli_db_error(a);
		else
			printf(_("%s, %d: %s on %s\n"), name, year, step_label((cycle_step_kind)s),
			       show(iso, shown, sizeof shown));
	}
	free(name);
	return rc;
}

int cmd_recognise(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "level", required_argument, NULL, 'l' },
		{ "decision", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ "body", required_argument, NULL, 'b' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c, rc;
	const char *level = NULL, *decision = NULL, *date = NULL, *body = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((rc = year_arg(optarg, &year)))
				return rc;
			break;
		case 'l': level = optarg; break;
		case 'n': decision = optarg; break;
		case 'd': date = optarg; break;
		case 'b': body = optarg; break;
		default: return cli_usage("recognise");
		}
	}
	if (optind != argc - 1 || !year || !level || !decision || !date)
		return cli_usage("recognise");
	int l = recog_level_from_key(level);
	if (l < 0)
		return cli_error(_("unknown level \"%s\" (district or province)"), level);
	char iso[16], shown[16];
	if (cli_parse_date(date, iso, sizeof iso))
		return 1;
	int64_t id, rid;
	char *name;
	if (find_area(a, argv[optind], &id, &name))
		return 1;
	rc = 0;
	if (cycle_recognise(a->db, id, year, (recog_level)l, decision, iso, body, &rid) < 0) {
		rc = cli_db_error(a);
	} else {
		cycle cy;
		if (cycle_load(a->db, id, year, &cy) == 0) {
			printf(_("%s recognised for %d as %s, %s, decision %s of %s\n"), name, year,
			       title_label(cy.recognition.title), recog_level_label((recog_level)l),
			       cy.recognition.decision_no, show(iso, shown, sizeof shown));
			cycle_free(&cy);
		}
	}
	free(name);
	return rc;
}

int cmd_revoke(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "decision", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ "reason", required_argument, NULL, 'r' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c, rc;
	const char *decision = NULL, *date = NULL, *reason = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((rc = year_arg(optarg, &year)))
				return rc;
			break;
		case 'n': decision = optarg; break;
		case 'd': date = optarg; break;
		case 'r': reason = optarg; break;
		default: return cli_usage("revoke");
		}
	}
	if (optind != argc - 1 || !year || !decision || !date || !reason)
		return cli_usage("revoke");
	char iso[16], shown[16];
	if (cli_parse_date(date, iso, sizeof iso))
		return 1;
	int64_t id;
	char *name;
	if (find_area(a, argv[optind], &id, &name))
		return 1;
	rc = 0;
	if (cycle_revoke(a->db, id, year, decision, iso, reason) < 0)
		rc = cli_db_error(a);
	else
		printf(_("%s: the recognition of %d is revoked (decision of %s)\n"), name, year,
		       show(iso, shown, sizeof shown));
	free(name);
	return rc;
}

int cmd_recheck(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "date", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ 0, 0, 0, 0 },
	};
	int year = 0, c, rc;
	const char *date = NULL, *note = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if ((rc = year_arg(optarg, &year)))
				return rc;
			break;
		case 'd': date = optarg; break;
		case 'n': note = optarg; break;
		default: return cli_usage("recheck");
		}
	}
	if (optind != argc - 2 || !year)
		return cli_usage("recheck");
	int r = recheck_from_key(argv[optind + 1]);
	if (r < 0)
		return cli_error(_("unknown result \"%s\" (maintained, improved or not-maintained)"),
				 argv[optind + 1]);
	char iso[16], shown[16];
	if (cli_parse_date(date, iso, sizeof iso))
		return 1;
	int64_t id;
	char *name;
	if (find_area(a, argv[optind], &id, &name))
		return 1;
	rc = 0;
	if (cycle_recheck(a->db, id, year, (recheck_result)r, iso, note) < 0)
		rc = cli_db_error(a);
	else
		printf(_("%s, re-check of %d: %s, on %s\n"), name, year, recheck_label((recheck_result)r),
		       show(iso, shown, sizeof shown));
	free(name);
	return rc;
}

static const char *event_key(const title_event *e)
{
	switch (e->kind) {
	case EV_REGISTERED: return "registered";
	case EV_RECOGNISED: return "recognised";
	case EV_REVOKED: return "revoked";
	default: return "rechecked";
	}
}

int cmd_titles(app *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ 0, 0, 0, 0 },
	};
	int c;
	bool csv = false;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage("titles");
		if (cli_parse_format(optarg, &csv))
			return 1;
	}
	if (optind != argc - 1)
		return cli_usage("titles");
	int64_t id;
	if (area_resolve(a->db, argv[optind], &id) < 0)
		return cli_db_error(a);
	title_event *ev;
	size_t n;
	if (cycle_title_history(a->db, id, &ev, &n) < 0)
		return cli_db_error(a);
	strbuf b;
	sb_init(&b);
	if (csv) {
		puts("year,date,event,text");
		for (size_t i = 0; i < n; i++) {
			sb_clear(&b);
			sb_printf(&b, "%d,%s,%s,", ev[i].year, ev[i].date, event_key(&ev[i]));
			sb_add_csv(&b, ev[i].text);
			puts(b.s);
		}
	} else {
		area *path;
		size_t np;
		if (area_path(a->db, id, &path, &np) == 0) {
			if (np > 0) {
				area_path_text(path, np, " › ", &b);
				printf("%s  (%s)\n", b.s, path[np - 1].code);
			}
			areas_free(path, np);
		}
		for (size_t i = 0; i < n; i++)
			printf("  %s\n", ev[i].text);
		if (n == 0)
			puts(_("  No title recorded."));
	}
	sb_free(&b);
	title_events_free(ev, n);
	return 0;
}
