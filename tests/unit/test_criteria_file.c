#include "config.h"
/* Criteria files (the shipped illustrative set, the test fixtures) and the rules of a criterion:
 * which threshold applies, what meets it, how it is shown. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "domain/criteria.h"
#include "domain/criteria_file.h"
#include "util/strbuf.h"

/* Path of a file of the source tree (KM_SRCDIR when set by the test harness, else "."). */
static char *src_path(const char *rel)
{
	const char *dir = getenv("KM_SRCDIR");
	if (!dir || !*dir)
		dir = ".";
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", dir, rel);
	return path;
}

/* Reads a file of the source tree; errors end up in *errors (the caller frees both). */
static bool read_src(const char *rel, criteria_set *set, strbuf *errors)
{
	char *path = src_path(rel);
	sb_init(errors);
	bool ok = criteria_file_read(path, set, errors);
	free(path);
	return ok;
}

static const criterion_def *find(const criteria_set *set, const char *code)
{
	for (size_t i = 0; i < set->ncriteria; i++)
		if (strcmp(set->criteria[i].code, code) == 0)
			return &set->criteria[i];
	return NULL;
}

/* The threshold an area of type t needs, looked up in c's per-type list. */
static double area_threshold(const criterion_def *c, const char *t)
{
	for (int i = 0; i < c->n_area_thresholds; i++)
		if (strcmp(c->area_type[i], t) == 0)
			return c->area_threshold[i];
	return NAN;
}

/* ---- Files ---------------------------------------------------------------------------------- */

Test(criteria_file, illustrative_set_reads_cleanly)
{
	criteria_set set;
	strbuf errors;
	bool ok = read_src("data/criteria/illustrative-2021.ini", &set, &errors);
	cr_assert(ok, "errors:\n%s", errors.s);
	cr_assert_str_empty(errors.s);
	cr_expect_str_eq(set.code, "minh-hoa-2021");
	cr_expect(set.illustrative);
	cr_expect_eq(set.year_from, 2021);
	cr_expect_eq(set.year_to, 0);
	cr_expect_eq(set.ngroups, 5);
	cr_expect_eq(set.ncriteria, 18);
	cr_expect_str_eq(set.criteria[0].code, "KT01");
	cr_expect_str_eq(set.criteria[17].code, "DC02");
	/* The ';' inside the quoted name of group 2 is text, not a comment. */
	cr_expect(strstr(set.groups[1].name, "y tế; xây dựng gia đình văn hóa") != NULL, "%s",
		  set.groups[1].name);
	for (size_t i = 0; i < set.ncriteria; i++) {
		cr_expect(set.criteria[i].required, "%s", set.criteria[i].code);
		cr_expect(set.criteria[i].line > 0, "%s", set.criteria[i].code);
	}

	const criterion_def *mt02 = find(&set, "MT02");
	cr_assert_not_null(mt02);
	cr_expect_eq(mt02->measure, MEASURE_PERCENT);
	cr_expect_str_eq(mt02->base, "road_km");
	cr_expect_eq(mt02->n_area_thresholds, 2);
	cr_expect_eq(area_threshold(mt02, "KV1"), 70);
	cr_expect_eq(area_threshold(mt02, "KV2"), 90);

	const criterion_def *dc01 = find(&set, "DC01");
	cr_assert_not_null(dc01);
	cr_expect_eq(dc01->measure, MEASURE_RATING);
	cr_expect_eq(dc01->nlevels, 4);
	cr_expect_str_eq(dc01->levels[0], "Yếu");
	cr_expect_str_eq(dc01->levels[3], "Vững mạnh");
	cr_expect_eq(dc01->threshold, 3);

	const criterion_def *kt02 = find(&set, "KT02");
	cr_assert_not_null(kt02);
	cr_expect_eq(kt02->measure, MEASURE_COUNT);
	cr_expect_eq(kt02->cmp, CMP_LE);
	cr_expect(kt02->has_threshold);
	cr_expect_eq(kt02->threshold, 0);

	const criterion_def *vh01 = find(&set, "VH01");
	cr_assert_not_null(vh01);
	cr_expect_eq(vh01->measure, MEASURE_YESNO);
	cr_expect_not(vh01->has_threshold);
	cr_expect_str_eq(find(&set, "KT01")->org, "Hội Nông dân");
	criteria_set_free(&set);
	sb_free(&errors);
}

Test(criteria_file, kv_fixture_reads)
{
	criteria_set set;
	strbuf errors;
	bool ok = read_src("tests/fixtures/criteria-kv.ini", &set, &errors);
	cr_assert(ok, "errors:\n%s", errors.s);
	cr_expect_str_eq(set.code, "test-kv-2026");
	cr_expect_eq(set.year_from, 2026);
	cr_expect_eq(set.year_to, 0);
	cr_expect_str_eq(set.decision_no, "99/QĐ-TEST");
	cr_expect_str_eq(set.decision_date, "2026-01-05");
	cr_expect_eq(set.ngroups, 2);
	cr_expect_eq(set.ncriteria, 5);

	const criterion_def *road = find(&set, "T02");
	cr_assert_not_null(road);
	cr_expect_eq(area_threshold(road, "KV1"), 70);
	cr_expect_eq(area_threshold(road, "KV2"), 90);
	/* Without a plain threshold, the strictest per-type one stands in for it. */
	cr_expect(road->has_threshold);
	cr_expect_eq(road->threshold, 90);
	cr_expect_str_eq(road->unit, "%");

	const criterion_def *hh = find(&set, "T04");
	cr_assert_not_null(hh);
	cr_expect_eq(hh->threshold, 90.5);   /* written the Vietnamese way: 90,5 */
	cr_expect_not(hh->required);
	cr_expect_str_eq(hh->unit, "%");     /* a percentage's unit by default */

	const criterion_def *rating = find(&set, "T05");
	cr_assert_not_null(rating);
	cr_expect_eq(rating->threshold, 2);
	criteria_set_free(&set);
	sb_free(&errors);
}

/* Collects the distinct line numbers of "PATH:LINE: message" lines, in order. */
static size_t error_lines(const char *errors, const char *path, int *lines, size_t cap)
{
	size_t n = 0, plen = strlen(path);
	for (const char *p = errors; *p; p = strchr(p, '\n') + 1) {
		cr_assert(strncmp(p, path, plen) == 0 && p[plen] == ':', "not PATH:LINE: %s", p);
		int line = atoi(p + plen + 1);
		cr_assert_gt(line, 0, "no line number: %s", p);
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen = seen || lines[i] == line;
		if (!seen && n < cap)
			lines[n++] = line;
		cr_assert_not_null(strchr(p, '\n'));
	}
	return n;
}

Test(criteria_file, bad_fixture_reports_every_problem)
{
	static const int expected[] = { 18, 20, 21, 22, 29, 34, 37, 40, 44, 52, 59, 60, 66, 69, 75 };
	const size_t nexp = sizeof expected / sizeof *expected;
	criteria_set set;
	strbuf errors;
	char *path = src_path("tests/fixtures/criteria-bad.ini");
	bool ok = read_src("tests/fixtures/criteria-bad.ini", &set, &errors);
	cr_assert_not(ok);
	int lines[64];
	size_t n = error_lines(errors.s, path, lines, 64);
	cr_expect_eq(n, nexp, "got %zu lines with errors:\n%s", n, errors.s);
	for (size_t i = 0; i < n && i < nexp; i++)
		cr_expect_eq(lines[i], expected[i], "error %zu on line %d, expected %d:\n%s", i, lines[i],
			     expected[i], errors.s);
	cr_expect(strstr(errors.s, "unknown key 'colour'") != NULL, "%s", errors.s);
	/* A failed read leaves nothing behind. */
	cr_expect_null(set.code);
	cr_expect_null(set.groups);
	cr_expect_null(set.criteria);
	cr_expect_eq(set.ngroups, 0);
	cr_expect_eq(set.ncriteria, 0);
	free(path);
	sb_free(&errors);
}

Test(criteria_file, missing_file_is_an_error)
{
	criteria_set set;
	strbuf errors;
	cr_assert_not(read_src("tests/fixtures/no-such-criteria.ini", &set, &errors));
	cr_expect(strstr(errors.s, "no-such-criteria.ini") != NULL, "%s", errors.s);
	cr_expect_eq(set.ncriteria, 0);
	sb_free(&errors);
}

/* Reads text as a criteria file; returns what it reported ("" when it read cleanly). */
static char *read_text(const char *text, criteria_set *set, char *path, size_t cap)
{
	snprintf(path, cap, "/tmp/km-criteria-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	FILE *fp = fdopen(fd, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	strbuf errors;
	sb_init(&errors);
	bool ok = criteria_file_read(path, set, &errors);
	unlink(path);
	cr_expect_eq(ok, errors.len == 0, "ok=%d with errors '%s'", ok, errors.s);
	return errors.s;
}

/* Lines 1-7 of most cases below: a set and one group, valid but without criteria. */
#define HEAD "[set]\ncode = t\nname = T\nyears = 2026\n[group-1]\ncode = 1\nname = G\n"
/* Lines 8-11: the start of a criterion; its code on line 9. */
#define CRIT "[criterion-a]\ncode = A1\ngroup = 1\nname = N\n"

struct bad_case {
	const char *ini;
	int line;            /* where the one error must be reported (0: no line) */
	const char *message; /* part of it */
};

static const struct bad_case bad_cases[] = {
	{ "[group-1]\ncode = 1\nname = G\n" CRIT "measure = yesno\n", 0, "no [set] section" },
	{ HEAD, 2, "the set has no criteria" },
	{ "[set]\ncode = t\nname = T\n[group-1]\ncode = 1\nname = G\n" CRIT "measure = yesno\n", 2,
	  "[set] has no 'years'" },
	{ "[set]\ncode = t\nyears = 2026\n[group-1]\ncode = 1\nname = G\n" CRIT "measure = yesno\n", 2,
	  "[set] has no 'name'" },
	{ "[set]\nname = T\nyears = 2026\n[group-1]\ncode = 1\nname = G\n" CRIT "measure = yesno\n", 2,
	  "[set] has no 'code'" },
	{ "[set]\ncode = t\nname = T\nyears = 2021-20\n[group-1]\ncode = 1\nname = G\n" CRIT
	  "measure = yesno\n", 4, "bad years '2021-20'" },
	{ "[set]\ncode = t\nname = T\nyears = 2026\nillustrative = maybe\n[group-1]\ncode = 1\nname = G\n"
	  CRIT "measure = yesno\n", 5, "must be yes or no" },
	{ "x = 1\n" HEAD CRIT "measure = yesno\n", 1, "'x' comes before any section" },
	{ HEAD "[group-2]\ncode = 2\n" CRIT "measure = yesno\n", 9, "[group-2] has no 'name'" },
	{ HEAD "[group-2]\nname = G2\n" CRIT "measure = yesno\n", 9, "[group-2] has no 'code'" },
	{ HEAD CRIT, 9, "[criterion-a] has no 'measure'" },
	{ HEAD "[criterion-a]\ngroup = 1\nname = N\nmeasure = yesno\n", 9, "[criterion-a] has no 'code'" },
	{ HEAD "[criterion-a]\ncode = A1\nname = N\nmeasure = yesno\n", 9, "[criterion-a] has no 'group'" },
	{ HEAD "[criterion-a]\ncode = A1\ngroup = 1\nmeasure = yesno\n", 9, "[criterion-a] has no 'name'" },
	{ HEAD CRIT "measure = yesno\n[criterion-b]\ncode = a1\ngroup = 1\nname = M\nmeasure = yesno\n", 14,
	  "criterion code 'a1' is used twice" },
	{ HEAD CRIT "measure = yesno\ncolour = red\n", 13, "unknown key 'colour' in [criterion-a]" },
	{ HEAD CRIT "measure = yesno\nthreshold = 1\n", 13, "a yes/no criterion takes no 'threshold'" },
	{ HEAD CRIT "measure = yesno\nthreshold.kv1 = 1\n", 13, "only for percent and count" },
	{ HEAD CRIT "measure = rating\nthreshold = Khá\n", 9, "needs 'levels'" },
	{ HEAD CRIT "measure = rating\nlevels = a, b, c, d, e, f, g, h, i\nthreshold = a\n", 13,
	  "more than 8 levels" },
	{ HEAD CRIT "measure = rating\nlevels = a, b, , c\nthreshold = a\n", 13, "empty level" },
	{ HEAD CRIT "measure = rating\nlevels = a, b, a\nthreshold = a\n", 13, "level 'a' is listed twice" },
	{ HEAD CRIT "measure = rating\nlevels = a, b\nthreshold = b\nthreshold.kv1 = a\n", 15,
	  "only for percent and count" },
	{ HEAD CRIT "measure = percent\nlevels = a, b\nthreshold = 5\n", 13, "only for rating" },
	{ HEAD CRIT "measure = percent\ncomparison = =>\nthreshold = 5\n", 13, "unknown comparison '=>'" },
	{ HEAD CRIT "measure = percent\nthreshold = -1\n", 13, "within 0-100" },
	{ HEAD CRIT "measure = count\nthreshold = -1\n", 13, "whole number" },
	{ HEAD CRIT "measure = count\nthreshold = 1x\n", 13, "threshold '1x' is not a number" },
	{ HEAD CRIT "measure = count\nthreshold.a = 1\nthreshold.b = 1\nthreshold.c = 1\n"
	  "threshold.d = 1\nthreshold.e = 1\n", 17, "more than 4 area types" },
	{ HEAD CRIT "measure = count\nthreshold. = 1\n", 13, "needs an area type" },
	/* An area type is a code as facts take it: no control characters (found by fuzzing). */
	{ HEAD CRIT "measure = count\nthreshold.kv1\x1b[2j = 1\n", 13, "must be 1 to 8 letters and digits" },
	{ HEAD CRIT "measure = count\nthreshold.khu vuc 1 = 1\n", 13, "must be 1 to 8 letters and digits" },
	{ HEAD CRIT "measure = count\nthreshold.kv123456789 = 1\n", 13, "must be 1 to 8 letters and digits" },
	{ HEAD CRIT "measure = count\nthreshold = 1\nthreshold = 2\n", 14, "is set again" },
	/* Lines iniparser would misread, or choke on with the whole file (found by fuzzing). */
	{ HEAD "[criterion-a]   ; comment\ncode = A1\ngroup = 1\nname = N\nmeasure = yesno\n", 8,
	  "text after the section header's ']' ignored" },
	{ HEAD CRIT "measure = yesno\n= x\n", 13, "expected 'name = value'" },
	{ HEAD CRIT "measure = yesno\nunit = a\\\n", 13, "must not end with '\\'" },
	{ HEAD CRIT "measure = yesno\n[]\nx = 1\n", 13, "must not be empty or hold ':'" },
	{ HEAD CRIT "measure = yesno\n[criterion:b]\ncode = B1\n", 13, "must not be empty or hold ':'" },
};

Test(criteria_file, each_problem_reported_on_its_line)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const struct bad_case *bc = &bad_cases[i];
		criteria_set set;
		char path[64], want[80];
		char *errors = read_text(bc->ini, &set, path, sizeof path);
		if (bc->line > 0)
			snprintf(want, sizeof want, "%s:%d: ", path, bc->line);
		else
			snprintf(want, sizeof want, "%s: ", path);
		size_t n = 0;
		for (const char *p = strchr(errors, '\n'); p; p = strchr(p + 1, '\n'))
			n++;
		cr_expect_eq(n, 1, "case %zu: expected one error, got:\n%s", i, errors);
		cr_expect(strncmp(errors, want, strlen(want)) == 0 && strstr(errors, bc->message),
			  "case %zu: expected '%s%s', got:\n%s", i, want, bc->message, errors);
		cr_expect_eq(set.ncriteria, 0, "case %zu", i);
		free(errors);
	}
}

/* A comment ending in '\\' would make iniparser join the next line to it (found by fuzzing). */
Test(criteria_file, comment_ending_in_backslash_hides_nothing)
{
	criteria_set set;
	char path[64];
	char *errors = read_text("\xef\xbb\xbf" HEAD CRIT "; see C:\\\nmeasure = yesno\n", &set, path, sizeof path);
	cr_expect_str_empty(errors, "%s", errors);
	cr_expect_eq(set.ncriteria, 1);
	criteria_set_free(&set);
	free(errors);
}

Test(criteria_file, lenient_where_people_differ)
{
	criteria_set set;
	char path[64];
	char *errors = read_text("[set]\ncode = t\nname = T\nyears = 2023\n"
				 "[criterion-a]\ncode = A1\ngroup = 1\nname = N\nmeasure = Rating\n"
				 "levels = Yếu , Vững mạnh\ncomparison = ≥\nthreshold = vung manh\n"
				 "[group-1]\ncode = 1\nname = \"G; with a semicolon\"   ; and a comment\n"
				 "[criterion-b]\ncode = B1\ngroup = 1\nname = N\nmeasure = percent\n"
				 "threshold.Kv1 = 70%\nthreshold.kv2 = 85,5\ncomparison = <=\n",
				 &set, path, sizeof path);
	cr_assert_str_empty(errors, "%s", errors);
	cr_expect_eq(set.year_from, 2023);
	cr_expect_eq(set.year_to, 2023);
	cr_expect_str_eq(set.groups[0].name, "G; with a semicolon");
	const criterion_def *a = find(&set, "A1");
	cr_expect_eq(a->measure, MEASURE_RATING);
	cr_expect_str_eq(a->levels[0], "Yếu");
	cr_expect_eq(a->threshold, 1);   /* matched without tone marks */
	const criterion_def *b = find(&set, "B1");
	cr_expect_str_eq(b->area_type[0], "KV1");
	cr_expect_eq(b->area_threshold[0], 70);
	cr_expect_eq(b->area_threshold[1], 85.5);
	cr_expect_eq(b->threshold, 70);   /* the strictest of "at most" */
	criteria_set_free(&set);
	free(errors);
}

/* ---- Rules ---------------------------------------------------------------------------------- */

static criterion_def percent_by_type(void)
{
	static char kv1[] = "KV1", kv2[] = "KV2", unit[] = "%";
	return (criterion_def){
		.measure = MEASURE_PERCENT, .cmp = CMP_GE, .has_threshold = true, .threshold = 80,
		.n_area_thresholds = 2, .area_type = { kv1, kv2 }, .area_threshold = { 70, 90 },
		.unit = unit,
	};
}

Test(criteria_file, met_exactly_at_threshold)
{
	static char unit[] = "%";
	criterion_def c = { .measure = MEASURE_PERCENT, .cmp = CMP_GE, .has_threshold = true,
			    .threshold = 90, .unit = unit };
	cr_expect(criterion_met_by(&c, 90, NULL));
	cr_expect(criterion_met_by(&c, 100, NULL));
	cr_expect_not(criterion_met_by(&c, 89.999, NULL));
	/* A share computed from counts is a hair below the round number it stands for. */
	c.threshold = 29;
	cr_expect(criterion_met_by(&c, 29.0 / 100 * 100, NULL));
	c.cmp = CMP_GT;
	cr_expect_not(criterion_met_by(&c, 29, NULL));
	cr_expect(criterion_met_by(&c, 29.5, NULL));
	c.cmp = CMP_LT;
	cr_expect_not(criterion_met_by(&c, 29, NULL));
	cr_expect(criterion_met_by(&c, 28.5, NULL));
	c.cmp = CMP_EQ;
	cr_expect(criterion_met_by(&c, 29.0 / 100 * 100, NULL));
	cr_expect_not(criterion_met_by(&c, 29.001, NULL));
}

Test(criteria_file, threshold_by_area_type)
{
	criterion_def c = percent_by_type();
	cr_expect_eq(criterion_threshold_for(&c, "KV1"), 70);
	cr_expect_eq(criterion_threshold_for(&c, "kv1"), 70);   /* types ignore case */
	cr_expect_eq(criterion_threshold_for(&c, "KV2"), 90);
	/* Unknown or unlisted type: the strictest applies. */
	cr_expect_eq(criterion_threshold_for(&c, NULL), 90);
	cr_expect_eq(criterion_threshold_for(&c, "KV3"), 90);
	cr_expect(criterion_met_by(&c, 75, "KV1"));
	cr_expect_not(criterion_met_by(&c, 75, "KV2"));
	cr_expect_not(criterion_met_by(&c, 85, NULL));
	cr_expect(criterion_met_by(&c, 90, NULL));

	c.cmp = CMP_LE;   /* at most: the smallest is the strictest */
	cr_expect_eq(criterion_threshold_for(&c, NULL), 70);
	c.cmp = CMP_EQ;   /* no "strictest" for '=': the plain one, else the first */
	cr_expect_eq(criterion_threshold_for(&c, NULL), 80);
	c.has_threshold = false;
	cr_expect_eq(criterion_threshold_for(&c, NULL), 70);

	c.n_area_thresholds = 0;
	cr_expect_eq(criterion_threshold_for(&c, "KV1"), 80);
}

Test(criteria_file, count_at_most_zero)
{
	criterion_def c = { .measure = MEASURE_COUNT, .cmp = CMP_LE, .has_threshold = true, .threshold = 0 };
	cr_expect(criterion_met_by(&c, 0, NULL));
	cr_expect_not(criterion_met_by(&c, 1, NULL));
}

Test(criteria_file, rating_compares_level_index)
{
	static char l0[] = "Yếu", l1[] = "Trung bình", l2[] = "Khá", l3[] = "Vững mạnh";
	criterion_def c = { .measure = MEASURE_RATING, .cmp = CMP_GE, .has_threshold = true,
			    .threshold = 2, .nlevels = 4, .levels = { l0, l1, l2, l3 } };
	cr_expect_not(criterion_met_by(&c, 1, NULL));
	cr_expect(criterion_met_by(&c, 2, NULL));
	cr_expect(criterion_met_by(&c, 3, NULL));
	char buf[64];
	criterion_describe_threshold(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "≥ Khá");
}

Test(criteria_file, yesno_is_met_by_nonzero)
{
	criterion_def c = { .measure = MEASURE_YESNO, .cmp = CMP_GE };
	cr_expect(criterion_met_by(&c, 1, NULL));
	cr_expect_not(criterion_met_by(&c, 0, NULL));
	char buf[64];
	criterion_describe_threshold(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "Met");
}

Test(criteria_file, describe_thresholds)
{
	char buf[80];
	criterion_def c = percent_by_type();
	criterion_describe_threshold(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "KV1 ≥ 70%, KV2 ≥ 90%");

	c.n_area_thresholds = 0;
	c.threshold = 90.5;
	criterion_describe_threshold(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "≥ 90,5%");

	static char ho[] = "hộ";
	criterion_def n = { .measure = MEASURE_COUNT, .cmp = CMP_LE, .has_threshold = true,
			    .threshold = 1200, .unit = ho };
	criterion_describe_threshold(&n, buf, sizeof buf);
	cr_expect_str_eq(buf, "≤ 1.200 hộ");
	n.unit = NULL;
	criterion_describe_threshold(&n, buf, sizeof buf);
	cr_expect_str_eq(buf, "≤ 1.200");
	/* A short buffer is cut between characters, never inside "≤" (3 bytes). */
	criterion_describe_threshold(&n, buf, 3);
	cr_expect_str_eq(buf, "");
	criterion_describe_threshold(&n, buf, 5);
	cr_expect_str_eq(buf, "≤ ");
}

Test(criteria_file, names_of_measures_and_comparisons)
{
	for (int m = 0; m < MEASURE_COUNT_KINDS; m++)
		cr_expect_eq(measure_from_key(measure_key((measure_kind)m)), m);
	cr_expect_str_eq(measure_key(MEASURE_RATING), "rating");
	cr_expect_eq(measure_from_key("Percent"), MEASURE_PERCENT);
	cr_expect_eq(measure_from_key("weight"), -1);
	for (int op = 0; op < CMP_COUNT; op++) {
		cr_expect_eq(cmp_from_symbol(cmp_symbol((cmp_op)op)), op);
		cr_expect_eq(cmp_from_symbol(cmp_display((cmp_op)op)), op);
	}
	cr_expect_str_eq(cmp_symbol(CMP_LE), "<=");
	cr_expect_str_eq(cmp_display(CMP_GE), "≥");
	cr_expect_eq(cmp_from_symbol("=>"), -1);
}
