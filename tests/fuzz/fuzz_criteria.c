/* Fuzz target: the criteria-set file parser (src/domain/criteria_file.c over inifile/iniparser).
 * Properties: a refused file gets at least one error, each "PATH:..." and safe to show, and
 * leaves the set empty; an accepted set keeps every promise of doc/criteria-format.md (codes,
 * years, groups, measures, thresholds in range, levels); and an accepted set written back as a
 * criteria file (when its values can be written) is accepted again as the same set. */
#include "config.h"
#include <math.h>
#include <string.h>
#include <strings.h>
#include "domain/criteria.h"
#include "domain/criteria_file.h"
#include "fuzz.h"
#include "util/strbuf.h"
#include "util/vnum.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_text(const char *what, const char *s)
{
	if (s)
		FUZZ_CHECK(*s && fuzz_valid_utf8(s) && fuzz_no_controls(s, ""), "%s \"%s\" is not clean text", what, s);
}

static void check_errors(const char *errors, const char *path)
{
	FUZZ_CHECK(errors && *errors, "a refused file without an error");
	FUZZ_CHECK(fuzz_valid_utf8(errors) && fuzz_no_controls(errors, "\n"), "errors not safe to show: %s", errors);
	for (const char *p = errors; *p; p = strchr(p, '\n') + 1) {
		FUZZ_CHECK(strchr(p, '\n'), "errors do not end with a newline: %s", errors);
		FUZZ_CHECK(strncmp(p, path, strlen(path)) == 0 && p[strlen(path)] == ':',
			   "an error line without its path: %.*s", (int)strcspn(p, "\n"), p);
	}
}

static void check_criterion(const criteria_set *set, size_t i)
{
	const criterion_def *c = &set->criteria[i];
	FUZZ_CHECK(c->code && c->name && c->group_code, "criterion %zu lacks a code, name or group", i);
	check_text("a criterion's code", c->code);
	check_text("a criterion's name", c->name);
	check_text("a unit", c->unit);
	check_text("a base", c->base);
	check_text("an org", c->org);
	bool group = false;
	for (size_t g = 0; g < set->ngroups; g++)
		group |= strcmp(set->groups[g].code, c->group_code) == 0;
	FUZZ_CHECK(group, "criterion %s has the unknown group %s", c->code, c->group_code);
	for (size_t j = 0; j < i; j++)
		FUZZ_CHECK(strcasecmp(set->criteria[j].code, c->code) != 0, "criterion code %s twice", c->code);
	FUZZ_CHECK(c->measure < MEASURE_COUNT_KINDS && c->cmp < CMP_COUNT, "%s: measure %d, cmp %d", c->code,
		   c->measure, c->cmp);
	FUZZ_CHECK(c->nlevels >= 0 && c->nlevels <= KM_MAX_LEVELS && c->n_area_thresholds >= 0 &&
		   c->n_area_thresholds <= KM_MAX_AREA_TYPES, "%s: %d levels, %d area types", c->code, c->nlevels,
		   c->n_area_thresholds);
	for (int l = 0; l < c->nlevels; l++) {
		check_text("a level", c->levels[l]);
		for (int k = 0; k < l; k++)
			FUZZ_CHECK(strcmp(c->levels[k], c->levels[l]) != 0, "%s: level %s twice", c->code, c->levels[l]);
	}
	switch (c->measure) {
	case MEASURE_YESNO:
		FUZZ_CHECK(!c->has_threshold && !c->n_area_thresholds && !c->nlevels, "yes/no %s has a threshold", c->code);
		break;
	case MEASURE_RATING:
		FUZZ_CHECK(c->has_threshold && c->nlevels > 0 && !c->n_area_thresholds && c->threshold >= 0 &&
			   c->threshold < c->nlevels && c->threshold == floor(c->threshold),
			   "rating %s: threshold %g of %d levels", c->code, c->threshold, c->nlevels);
		break;
	default:
		FUZZ_CHECK(c->has_threshold && !c->nlevels, "%s has no threshold", c->code);
		for (int t = -1; t < c->n_area_thresholds; t++) {
			double v = t < 0 ? c->threshold : c->area_threshold[t];
			FUZZ_CHECK(isfinite(v) && v >= 0, "%s: threshold %g", c->code, v);
			if (c->measure == MEASURE_PERCENT)
				FUZZ_CHECK(v <= 100, "%s: percentage threshold %g", c->code, v);
			else
				FUZZ_CHECK(v == floor(v), "%s: count threshold %g", c->code, v);
			if (t >= 0)
				check_text("an area type", c->area_type[t]);
		}
	}
	/* The threshold that applies meets the rule unless the comparison is strict. */
	if (c->measure != MEASURE_YESNO) {
		double t = criterion_threshold_for(c, NULL);
		bool strict = c->cmp == CMP_GT || c->cmp == CMP_LT;
		FUZZ_CHECK(criterion_met_by(c, t, NULL) == !strict, "%s: its own threshold %g", c->code, t);
	}
	/* Descriptions are cut between characters, whatever the room. */
	static const size_t caps[] = { 1, 2, 5, 12, 40, 256 };
	for (size_t k = 0; k < sizeof caps / sizeof *caps; k++) {
		char buf[256];
		criterion_describe_threshold(c, buf, caps[k]);
		FUZZ_CHECK(strlen(buf) < caps[k] && fuzz_valid_utf8(buf), "%s: description \"%s\" in %zu bytes", c->code,
			   buf, caps[k]);
	}
}

static void check_set(const criteria_set *set)
{
	FUZZ_CHECK(set->code && set->name && set->ncriteria > 0, "an accepted set without code, name or criteria");
	for (const char *p = set->code; *p; p++)
		FUZZ_CHECK((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   strchr("-_.", *p), "set code \"%s\"", set->code);
	check_text("the set's name", set->name);
	check_text("the decision", set->decision_no);
	check_text("the issuer", set->issuer);
	FUZZ_CHECK(set->year_from >= 1900 && set->year_from <= 2999 &&
		   (set->year_to == 0 || (set->year_to >= set->year_from && set->year_to <= 2999)),
		   "years %d-%d", set->year_from, set->year_to);
	if (set->decision_date) {
		char dmy[16];
		int y, m, d;
		vn_format_iso_date(set->decision_date, dmy, sizeof dmy);
		FUZZ_CHECK(vn_parse_date(dmy, &y, &m, &d, NULL), "decision date %s", set->decision_date);
	}
	for (size_t g = 0; g < set->ngroups; g++) {
		FUZZ_CHECK(set->groups[g].code && set->groups[g].name, "group %zu lacks a code or name", g);
		check_text("a group's code", set->groups[g].code);
		check_text("a group's name", set->groups[g].name);
		for (size_t h = 0; h < g; h++)
			FUZZ_CHECK(strcmp(set->groups[h].code, set->groups[g].code) != 0, "group %s twice",
				   set->groups[g].code);
	}
	for (size_t i = 0; i < set->ncriteria; i++)
		check_criterion(set, i);
}

/* ---- Writing an accepted set back as a criteria file ---- */

/* "key = value", quoted unless it holds a '"'; false when iniparser could not read it back. */
static bool put(strbuf *b, const char *key, const char *v)
{
	if (!v)
		return true;
	size_t n = strlen(v);
	if (n > 900)
		return false;
	if (!strchr(v, '"')) {
		sb_printf(b, "%s = \"%s\"\n", key, v);
		return true;
	}
	if (strpbrk(v, ";#") || v[0] == '\'' || v[n - 1] == '\\')
		return false;
	sb_printf(b, "%s = %s\n", key, v);
	return true;
}

static bool put_number(strbuf *b, const char *key, double v)
{
	char num[32];
	return put(b, key, vn_format_number(v, 15, num, sizeof num));
}

static bool write_criterion(strbuf *b, const criterion_def *c, size_t i)
{
	static const char *const measures[] = { "yesno", "percent", "count", "rating" };
	bool ok = true;
	sb_printf(b, "[criterion-%zu]\n", i);
	ok &= put(b, "code", c->code) && put(b, "group", c->group_code) && put(b, "name", c->name);
	ok &= put(b, "measure", measures[c->measure]) && put(b, "unit", c->unit) && put(b, "base", c->base);
	ok &= put(b, "org", c->org) && put(b, "required", c->required ? "yes" : "no");
	if (c->measure == MEASURE_YESNO)
		return ok;
	ok &= put(b, "comparison", cmp_symbol(c->cmp));
	if (c->measure == MEASURE_RATING) {
		strbuf levels;
		sb_init(&levels);
		for (int l = 0; l < c->nlevels; l++) {
			ok &= !strchr(c->levels[l], ',');
			sb_printf(&levels, "%s%s", l ? ", " : "", c->levels[l]);
		}
		ok &= put(b, "levels", levels.s) && put(b, "threshold", c->levels[(int)c->threshold]);
		sb_free(&levels);
		return ok;
	}
	ok &= put_number(b, "threshold", c->threshold);
	for (int t = 0; t < c->n_area_thresholds; t++) {
		char key[1100];
		snprintf(key, sizeof key, "threshold.%s", c->area_type[t]);
		ok &= strlen(c->area_type[t]) < 900 && put_number(b, key, c->area_threshold[t]);
	}
	return ok;
}

static bool write_set(strbuf *b, const criteria_set *set)
{
	bool ok = true;
	char years[16], dmy[16];
	sb_add(b, "[set]\n");
	ok &= put(b, "code", set->code) && put(b, "name", set->name) && put(b, "decision", set->decision_no);
	ok &= put(b, "issuer", set->issuer) && put(b, "illustrative", set->illustrative ? "yes" : "no");
	if (set->decision_date)
		ok &= put(b, "decision_date", vn_format_iso_date(set->decision_date, dmy, sizeof dmy));
	if (set->year_to)
		snprintf(years, sizeof years, "%d-%d", set->year_from, set->year_to);
	else
		snprintf(years, sizeof years, "%d-", set->year_from);
	ok &= put(b, "years", years);
	for (size_t g = 0; g < set->ngroups; g++) {
		sb_printf(b, "[group-%zu]\n", g);
		ok &= put(b, "code", set->groups[g].code) && put(b, "name", set->groups[g].name);
	}
	for (size_t i = 0; ok && i < set->ncriteria; i++)
		ok &= write_criterion(b, &set->criteria[i], i);
	return ok;
}

static bool close_to(double a, double b)
{
	return fabs(a - b) <= fabs(a) * 1e-13 + 1e-13;
}

static void compare_criterion(const criterion_def *a, const criterion_def *b)
{
	FUZZ_CHECK(same(a->code, b->code) && same(a->name, b->name) && same(a->group_code, b->group_code) &&
		   same(a->unit, b->unit) && same(a->base, b->base) && same(a->org, b->org) &&
		   a->measure == b->measure && a->required == b->required && a->nlevels == b->nlevels &&
		   a->has_threshold == b->has_threshold && a->n_area_thresholds == b->n_area_thresholds,
		   "criterion %s changed when written back", a->code);
	if (a->measure != MEASURE_YESNO)
		FUZZ_CHECK(a->cmp == b->cmp && close_to(a->threshold, b->threshold), "%s: %s %g written back as %s %g",
			   a->code, cmp_symbol(a->cmp), a->threshold, cmp_symbol(b->cmp), b->threshold);
	for (int l = 0; l < a->nlevels; l++)
		FUZZ_CHECK(same(a->levels[l], b->levels[l]), "%s: level %s written back as %s", a->code, a->levels[l],
			   b->levels[l]);
	for (int t = 0; t < a->n_area_thresholds; t++)
		FUZZ_CHECK(same(a->area_type[t], b->area_type[t]) && close_to(a->area_threshold[t], b->area_threshold[t]),
			   "%s: threshold.%s = %g written back as threshold.%s = %g", a->code, a->area_type[t],
			   a->area_threshold[t], b->area_type[t], b->area_threshold[t]);
}

static void check_round_trip(const criteria_set *set)
{
	strbuf b;
	sb_init(&b);
	if (!write_set(&b, set)) {
		sb_free(&b);
		return;
	}
	criteria_set again;
	strbuf errors;
	sb_init(&errors);
	bool ok = criteria_file_read(fuzz_file((const uint8_t *)b.s, b.len), &again, &errors);
	FUZZ_CHECK(ok, "an accepted set written back is refused:\n%s---\n%s", errors.s, b.s);
	FUZZ_CHECK(same(set->code, again.code) && same(set->name, again.name) &&
		   same(set->decision_no, again.decision_no) && same(set->issuer, again.issuer) &&
		   same(set->decision_date, again.decision_date) && set->year_from == again.year_from &&
		   set->year_to == again.year_to && set->illustrative == again.illustrative &&
		   set->ngroups == again.ngroups && set->ncriteria == again.ncriteria,
		   "the set changed when written back:\n%s", b.s);
	for (size_t g = 0; g < set->ngroups; g++)
		FUZZ_CHECK(same(set->groups[g].code, again.groups[g].code) && same(set->groups[g].name, again.groups[g].name),
			   "group %s changed when written back", set->groups[g].code);
	for (size_t i = 0; i < set->ncriteria; i++)
		compare_criterion(&set->criteria[i], &again.criteria[i]);
	criteria_set_free(&again);
	sb_free(&errors);
	sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	criteria_set set;
	strbuf errors;
	sb_init(&errors);
	if (criteria_file_read(path, &set, &errors)) {
		FUZZ_CHECK(errors.len == 0, "an accepted set with errors: %s", errors.s);
		check_set(&set);
		check_round_trip(&set);
		criteria_set_free(&set);
	} else {
		check_errors(errors.s, path);
		FUZZ_CHECK(!set.code && !set.name && !set.groups && !set.criteria && !set.ncriteria,
			   "a refused set is not left empty");
	}
	sb_free(&errors);
	return 0;
}
