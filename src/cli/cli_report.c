#include "config.h"
/* report: the periodic report of an area (the root province by default) for a quarter, a
 * half-year, a year or dates, as text, Markdown, CSV or .xlsx, to standard output or a file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "domain/area.h"
#include "domain/report.h"
#include "domain/worklist.h"
#include "util/i18n.h"
#include "util/vnum.h"

/* The area a report covers when none is given: the single root (the province), else everything. */
static int default_area(app *a, int64_t *id)
{
	area *roots;
	size_t n;
	if (area_children(a->db, 0, &roots, &n) < 0)
		return -1;
	*id = n == 1 ? roots[0].id : 0;
	areas_free(roots, n);
	return 0;
}

static int run_report(app *a, const char *area_spec, const period *pp, int format, const char *output,
		      bool bom);

int cmd_report(app *a, int argc, char **argv)
{
	enum { O_PERIOD = 256, O_AREA, O_FORMAT, O_OUTPUT, O_BOM };
	static const struct option opts[] = {
		{ "period", required_argument, NULL, O_PERIOD },
		{ "area", required_argument, NULL, O_AREA },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "bom", no_argument, NULL, O_BOM },
		{ 0, 0, 0, 0 },
	};
	const char *period_spec = NULL, *area_spec = NULL, *output = NULL;
	int format = REPORT_TEXT, c;
	bool bom = false;
	optind = 0;   /* 0: GNU getopt starts afresh (main parsed before) */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PERIOD: period_spec = optarg; break;
		case O_AREA: area_spec = optarg; break;
		case O_OUTPUT: output = optarg; break;
		case O_BOM: bom = true; break;
		case O_FORMAT:
			if ((format = report_format_parse(optarg)) < 0)
				return cli_error(_("unknown format \"%s\" (text, md, csv or xlsx)"), optarg);
			break;
		default:
			return cli_usage("report");
		}
	}
	if (optind != argc || !period_spec) {
		if (!period_spec && optind == argc)
			cli_error("%s", _("report: --period is required"));
		return cli_usage("report");
	}
	period p;
	const char *perr = NULL;
	if (!period_parse(period_spec, &p, &perr))
		return cli_error(_("--period \"%s\": %s"), period_spec, _(perr));
	if (format == REPORT_XLSX && (!output || !*output))
		return cli_error("%s", _("report --format xlsx needs --output FILE.xlsx"));
	if (output && !*output)
		return cli_error("%s", _("--output needs a file name"));
	/* In restricted mode exports go to the export directory only: checked before any work. */
	char *target = NULL;
	if (output) {
		char *why = NULL;
		if (!(target = app_export_path(a, output, &why))) {
			int r = cli_error("%s", why);
			free(why);
			return r;
		}
		output = target;
	}
	int status = run_report(a, area_spec, &p, format, output, bom);
	free(target);
	return status;
}

/* Builds and writes the report once the options are checked. */
static int run_report(app *a, const char *area_spec, const period *pp, int format, const char *output,
		      bool bom)
{
	period p = *pp;
	int64_t area_id = 0;
	if (area_spec ? area_resolve(a->db, area_spec, &area_id) < 0 : default_area(a, &area_id) < 0)
		return cli_db_error(a);

	char today[16];
	vn_today_iso(today, sizeof today);
	report r;
	work_settings delays = { a->cfg.appraisal_days, a->cfg.commendation_days };
	if (report_build(a->db, area_id, &p, today, &delays, &r) < 0)
		return cli_db_error(a);
	char err[512];
	int rc = 0;
	if (format == REPORT_XLSX) {
		if (report_write(&r, REPORT_XLSX, NULL, output, bom, err, sizeof err) < 0)
			rc = cli_error("%s", err);
	} else if (output) {
		FILE *f = fopen(output, "w");
		if (!f) {
			rc = cli_error(_("cannot create %s: %s"), output, strerror(errno));
		} else {
			if (report_write(&r, (report_format)format, f, NULL, bom, err, sizeof err) < 0)
				rc = cli_error("%s", err);
			if (fclose(f) != 0 && rc == 0)
				rc = cli_error(_("cannot write %s: %s"), output, strerror(errno));
		}
	} else if (report_write(&r, (report_format)format, stdout, NULL, bom, err, sizeof err) < 0) {
		rc = cli_error("%s", err);
	}
	report_free(&r);
	return rc;
}
