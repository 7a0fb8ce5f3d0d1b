#include "config.h"
/* Reading a criteria set from its INI file; the format is described in doc/criteria-format.md.
 * Every problem is reported (a cadre fixing a file wants the whole list at once), and a file with
 * any problem yields no set. */
#include "domain/criteria_file.h"
#include "domain/facts.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/i18n.h"
#include "util/inifile.h"
#include "util/text.h"
#include "util/vnum.h"

#define AREA_PREFIX "threshold."

typedef struct reader {
	inifile ini;
	criteria_set *set;
} reader;

static const char *const set_keys[] = {
	"code", "name", "illustrative", "decision", "decision_date", "issuer", "years", NULL
};
static const char *const group_keys[] = { "code", "name", NULL };
static const char *const criterion_keys[] = {
	"code", "group", "name", "measure", "base", "unit", "comparison", "threshold", "levels",
	"required", "org", NULL
};

/* ---- Access to values and lines ---------------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The sanitised value of section:key, or NULL when it is absent or blank. */
static char *text(const reader *r, const char *sec, const char *key)
{
	char full[2 * 1024 + 2];
	snprintf(full, sizeof full, "%s:%s", sec, key);
	const char *v = iniparser_getstring(r->ini.dict, full, NULL);
	if (!v)
		return NULL;
	char *s = text_sanitize(v);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static int line_of(const reader *r, const char *sec, const char *key)
{
	return inifile_line_of(&r->ini, sec, key);
}

/* inifile records the lines of keys, not of section headers. A section is therefore located by
 * its "code" key (the key every section must have), or else by its first key; 0 if it has none.
 * criterion_def.line uses the same rule, so it points at the criterion's code. */
static int section_line(const reader *r, const char *sec)
{
	int line = line_of(r, sec, "code");
	for (size_t i = 0; !line && i < r->ini.nlines; i++)
		if (strcmp(r->ini.lines[i].section, sec) == 0)
			line = r->ini.lines[i].line;
	return line;
}

static bool in_list(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(key, *list) == 0)
			return true;
	return false;
}

/* Reports each key of sec that is neither in allowed nor, when per_type, "threshold.TYPE". */
static void check_keys(reader *r, const char *sec, const char *const *allowed, bool per_type)
{
	for (size_t i = 0; i < r->ini.nlines; i++) {
		const ini_line *l = &r->ini.lines[i];
		if (strcmp(l->section, sec) != 0 || in_list(l->key, allowed))
			continue;
		if (per_type && starts_with(l->key, AREA_PREFIX))
			continue;
		inifile_error(&r->ini, l->line, _("unknown key '%s' in [%s]"), l->key, sec);
	}
}

/* A yes/no value; def when absent. */
static bool read_bool(reader *r, const char *sec, const char *key, bool def)
{
	char *v = text(r, sec, key);
	bool result = def;
	if (!v)
		return def;
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		result = true;
	else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
		result = false;
	else
		inifile_error(&r->ini, line_of(r, sec, key), _("'%s' must be yes or no, not '%s'"), key, v);
	free(v);
	return result;
}

/* ---- [set] -------------------------------------------------------------------------------- */

static bool valid_set_code(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static bool parse_year(const char *s, size_t n, int *year)
{
	if (n != 4)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	*year = atoi(s);
	return *year >= 1900 && *year <= 2999;
}

/* "2021-2025", "2021-" (open-ended: to = 0) or "2023" (that year only). */
static bool parse_years(const char *s, int *from, int *to)
{
	const char *dash = strchr(s, '-');
	if (!dash) {
		if (!parse_year(s, strlen(s), from))
			return false;
		*to = *from;
		return true;
	}
	const char *end = dash + 1;
	while (*end == ' ')
		end++;
	size_t n = (size_t)(dash - s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (!parse_year(s, n, from))
		return false;
	if (!*end) {
		*to = 0;
		return true;
	}
	return parse_year(end, strlen(end), to) && *to >= *from;
}

static void read_decision_date(reader *r, criteria_set *set)
{
	char *v = text(r, "set", "decision_date");
	if (!v)
		return;
	int y, m, d;
	const char *why;
	char iso[16];
	if (vn_parse_date(v, &y, &m, &d, &why))
		set->decision_date = xstrdup(vn_iso_date(y, m, d, iso, sizeof iso));
	else
		inifile_error(&r->ini, line_of(r, "set", "decision_date"),
			      _("bad decision_date '%s': %s"), v, _(why));
	free(v);
}

static void read_set(reader *r)
{
	criteria_set *set = r->set;
	int at = section_line(r, "set");
	set->code = text(r, "set", "code");
	if (!set->code)
		inifile_error(&r->ini, at, _("[set] has no 'code'"));
	else if (!valid_set_code(set->code))
		inifile_error(&r->ini, at, _("set code '%s' may hold only letters, digits, '-', '_' and '.'"),
			      set->code);
	set->name = text(r, "set", "name");
	if (!set->name)
		inifile_error(&r->ini, at, _("[set] has no 'name'"));
	set->illustrative = read_bool(r, "set", "illustrative", false);
	set->decision_no = text(r, "set", "decision");
	set->issuer = text(r, "set", "issuer");
	read_decision_date(r, set);

	char *years = text(r, "set", "years");
	if (!years)
		inifile_error(&r->ini, at, _("[set] has no 'years'"));
	else if (!parse_years(years, &set->year_from, &set->year_to))
		inifile_error(&r->ini, line_of(r, "set", "years"),
			      _("bad years '%s': expected e.g. 2021-2025, 2021- or 2021"), years);
	free(years);
	check_keys(r, "set", set_keys, false);
}

/* ---- Groups ------------------------------------------------------------------------------- */

static const criteria_group *find_group(const criteria_set *set, const char *code)
{
	for (size_t i = 0; i < set->ngroups; i++)
		if (strcmp(set->groups[i].code, code) == 0)
			return &set->groups[i];
	return NULL;
}

static void read_group(reader *r, const char *sec)
{
	criteria_set *set = r->set;
	int at = section_line(r, sec);
	char *code = text(r, sec, "code");
	char *name = text(r, sec, "name");
	if (!code)
		inifile_error(&r->ini, at, _("[%s] has no 'code'"), sec);
	if (!name)
		inifile_error(&r->ini, at, _("[%s] has no 'name'"), sec);
	check_keys(r, sec, group_keys, false);
	if (code && find_group(set, code)) {
		inifile_error(&r->ini, at, _("group code '%s' is used twice"), code);
		free(code);
		code = NULL;
	}
	if (!code) {
		free(name);
		return;
	}
	/* Kept even without a name, so that its criteria do not also report an unknown group. */
	set->groups = xrealloc(set->groups, (set->ngroups + 1) * sizeof *set->groups);
	set->groups[set->ngroups++] = (criteria_group){ .code = code, .name = name };
}

/* ---- Criteria ----------------------------------------------------------------------------- */

static bool code_taken(const criteria_set *set, const char *code)
{
	for (size_t i = 0; i < set->ncriteria; i++)
		if (set->criteria[i].code && strcasecmp(set->criteria[i].code, code) == 0)
			return true;
	return false;
}

/* Reads "measure" into c; false if it is missing or unknown (then nothing depends on it). */
static bool read_measure(reader *r, const char *sec, criterion_def *c)
{
	char *v = text(r, sec, "measure");
	int m = v ? measure_from_key(v) : -1;
	if (!v)
		inifile_error(&r->ini, c->line, _("[%s] has no 'measure'"), sec);
	else if (m < 0)
		inifile_error(&r->ini, line_of(r, sec, "measure"),
			      _("unknown measure '%s': expected yesno, percent, count or rating"), v);
	else
		c->measure = (measure_kind)m;
	free(v);
	return m >= 0;
}

/* Adds one level (taking it) to c's scale; false once the scale is full. */
static bool add_level(reader *r, int line, criterion_def *c, char *level)
{
	bool dup = false;
	for (int i = 0; i < c->nlevels; i++)
		dup = dup || strcmp(c->levels[i], level) == 0;
	if (c->nlevels == KM_MAX_LEVELS) {
		inifile_error(&r->ini, line, _("more than %d levels"), KM_MAX_LEVELS);
		free(level);
		return false;
	}
	if (*level && !dup) {
		c->levels[c->nlevels++] = level;
		return true;
	}
	if (dup)
		inifile_error(&r->ini, line, _("level '%s' is listed twice"), level);
	else
		inifile_error(&r->ini, line, _("'levels' has an empty level"));
	free(level);
	return true;
}

/* "levels = Yếu, Trung bình, Khá, Vững mạnh": the rating scale, lowest first. */
static void read_levels(reader *r, const char *sec, criterion_def *c)
{
	char *v = text(r, sec, "levels");
	int line = line_of(r, sec, "levels");
	if (c->measure != MEASURE_RATING || !v) {
		if (v)
			inifile_error(&r->ini, line, _("'levels' is only for rating criteria"));
		else if (c->measure == MEASURE_RATING)
			inifile_error(&r->ini, c->line, _("a rating criterion needs 'levels'"));
		free(v);
		return;
	}
	for (char *p = v;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		/* text_sanitize trims the spaces around each level. */
		if (!add_level(r, line, c, text_sanitize(p)) || !comma)
			break;
		p = comma + 1;
	}
	free(v);
}

static void read_comparison(reader *r, const char *sec, criterion_def *c)
{
	char *v = text(r, sec, "comparison");
	int line = line_of(r, sec, "comparison");
	int op = v ? cmp_from_symbol(v) : -1;
	if (!v)
		return;
	if (c->measure == MEASURE_YESNO)
		inifile_error(&r->ini, line, _("a yes/no criterion takes no 'comparison'"));
	else if (op < 0)
		inifile_error(&r->ini, line, _("unknown comparison '%s': expected >=, >, <=, < or ="), v);
	else
		c->cmp = (cmp_op)op;
	free(v);
}

/* Index of the level named v (case and tone marks ignored as a fallback), or -1. */
static int find_level(const criterion_def *c, const char *v)
{
	for (int i = 0; i < c->nlevels; i++)
		if (strcmp(c->levels[i], v) == 0)
			return i;
	char *fv = text_fold(v);
	int found = -1;
	for (int i = 0; found < 0 && i < c->nlevels; i++) {
		char *fl = text_fold(c->levels[i]);
		if (strcmp(fl, fv) == 0)
			found = i;
		free(fl);
	}
	free(fv);
	return found;
}

/* Parses one threshold value of c (the plain one or a per-type one) found on line. */
static bool parse_threshold(reader *r, const criterion_def *c, const char *v, int line, double *out)
{
	if (c->measure == MEASURE_RATING) {
		int i = find_level(c, v);
		if (i >= 0)
			*out = i;
		else if (c->nlevels > 0)   /* with no levels, that was reported already */
			inifile_error(&r->ini, line, _("threshold '%s' is not one of the levels"), v);
		return i >= 0;
	}
	const char *why;
	if (!vn_parse_number(v, out, &why)) {
		inifile_error(&r->ini, line, _("threshold '%s' is not a number: %s"), v, _(why));
		return false;
	}
	if (c->measure == MEASURE_PERCENT && (*out < 0 || *out > 100)) {
		inifile_error(&r->ini, line, _("a percentage threshold must be within 0-100, not '%s'"), v);
		return false;
	}
	if (c->measure == MEASURE_COUNT && (*out < 0 || *out != floor(*out))) {
		inifile_error(&r->ini, line, _("a count threshold must be a whole number, 0 or more, not '%s'"), v);
		return false;
	}
	return true;
}

/* "threshold.KV1 = 70": one threshold for one area type. */
static void read_area_threshold(reader *r, const char *sec, const ini_line *l, criterion_def *c)
{
	const char *type = l->key + strlen(AREA_PREFIX);
	int n = c->n_area_thresholds;
	if (c->measure != MEASURE_PERCENT && c->measure != MEASURE_COUNT) {
		inifile_error(&r->ini, l->line, _("thresholds by area type are only for percent and count criteria"));
		return;
	}
	if (!*type) {
		inifile_error(&r->ini, l->line, _("'%s' needs an area type, as in threshold.KV1"), l->key);
		return;
	}
	/* As facts take an area type; anything else would never match, and would reach the screen
	 * unsanitised (control characters included). */
	bool code = strlen(type) <= KM_AREA_TYPE_MAX;
	for (const char *p = type; code && *p; p++)
		code = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
	if (!code) {
		inifile_error(&r->ini, l->line, _("the area type of '%s' must be 1 to %d letters and digits, as in "
						  "threshold.KV1"), l->key, KM_AREA_TYPE_MAX);
		return;
	}
	for (int i = 0; i < n; i++)
		if (strcasecmp(c->area_type[i], type) == 0)
			return;   /* a repeated key, which inifile has reported */
	if (n == KM_MAX_AREA_TYPES) {
		inifile_error(&r->ini, l->line, _("more than %d area types"), KM_MAX_AREA_TYPES);
		return;
	}
	char *v = text(r, sec, l->key);
	double t;
	if (!v) {
		inifile_error(&r->ini, l->line, _("'%s' has no value"), l->key);
	} else if (parse_threshold(r, c, v, l->line, &t)) {
		/* iniparser lower-cased the key; area types are written "KV1". */
		char *upper = xstrdup(type);
		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		c->area_type[n] = upper;
		c->area_threshold[n] = t;
		c->n_area_thresholds++;
	}
	free(v);
}

/* The plain threshold and the per-type ones. With only per-type thresholds, the plain one is
 * their strictest: what applies to an area whose type is unknown. */
static void read_thresholds(reader *r, const char *sec, criterion_def *c)
{
	char *v = text(r, sec, "threshold");
	int line = line_of(r, sec, "threshold");
	int per_type = 0;
	for (size_t i = 0; i < r->ini.nlines; i++) {
		const ini_line *l = &r->ini.lines[i];
		if (strcmp(l->section, sec) == 0 && starts_with(l->key, AREA_PREFIX)) {
			per_type++;
			read_area_threshold(r, sec, l, c);
		}
	}
	if (c->measure == MEASURE_YESNO) {
		if (v)
			inifile_error(&r->ini, line, _("a yes/no criterion takes no 'threshold'"));
	} else if (v) {
		c->has_threshold = parse_threshold(r, c, v, line, &c->threshold);
	} else if (per_type == 0) {
		inifile_error(&r->ini, c->line, _("[%s] has no 'threshold'"), sec);
	} else if (c->n_area_thresholds > 0) {
		c->threshold = criterion_threshold_for(c, NULL);
		c->has_threshold = true;
	}
	free(v);
}

static void read_criterion(reader *r, const char *sec)
{
	criteria_set *set = r->set;
	criterion_def c = { .cmp = CMP_GE, .line = section_line(r, sec) };
	c.code = text(r, sec, "code");
	if (!c.code)
		inifile_error(&r->ini, c.line, _("[%s] has no 'code'"), sec);
	else if (code_taken(set, c.code))
		inifile_error(&r->ini, c.line, _("criterion code '%s' is used twice"), c.code);
	c.name = text(r, sec, "name");
	if (!c.name)
		inifile_error(&r->ini, c.line, _("[%s] has no 'name'"), sec);
	c.group_code = text(r, sec, "group");
	if (!c.group_code)
		inifile_error(&r->ini, c.line, _("[%s] has no 'group'"), sec);
	else if (!find_group(set, c.group_code))
		inifile_error(&r->ini, line_of(r, sec, "group"), _("unknown group '%s'"), c.group_code);
	c.unit = text(r, sec, "unit");
	c.base = text(r, sec, "base");
	c.org = text(r, sec, "org");
	c.required = read_bool(r, sec, "required", true);
	check_keys(r, sec, criterion_keys, true);
	if (read_measure(r, sec, &c)) {
		if (c.measure == MEASURE_PERCENT && !c.unit)
			c.unit = xstrdup("%");
		read_levels(r, sec, &c);
		read_comparison(r, sec, &c);
		read_thresholds(r, sec, &c);
	}
	/* Kept whatever its problems, so that everything it holds is freed with the set. */
	set->criteria = xrealloc(set->criteria, (set->ncriteria + 1) * sizeof *set->criteria);
	set->criteria[set->ncriteria++] = c;
}

/* ---- The whole file ----------------------------------------------------------------------- */

static void read_sections(reader *r)
{
	dictionary *d = r->ini.dict;
	int nsec = iniparser_getnsec(d);
	bool have_set = false;
	for (size_t i = 0; i < r->ini.nlines; i++)
		if (!*r->ini.lines[i].section)
			inifile_error(&r->ini, r->ini.lines[i].line, _("'%s' comes before any section"),
				      r->ini.lines[i].key);
	/* Groups first, so that a criterion may come before its group. */
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (strcmp(sec, "set") == 0) {
			have_set = true;
			read_set(r);
		} else if (starts_with(sec, "group")) {
			read_group(r, sec);
		} else if (!starts_with(sec, "criterion")) {
			inifile_error(&r->ini, section_line(r, sec),
				      _("unknown section [%s]: expected [set], [group-...] or [criterion-...]"), sec);
		}
	}
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (starts_with(sec, "criterion"))
			read_criterion(r, sec);
	}
	if (!have_set)
		inifile_error(&r->ini, 0, _("no [set] section"));
	else if (r->set->ncriteria == 0)
		inifile_error(&r->ini, section_line(r, "set"), _("the set has no criteria"));
}

/* The line number of one "PATH:LINE: message" (0 when it has none). */
static long error_line(const char *e, size_t pathlen)
{
	return e[pathlen] == ':' ? strtol(e + pathlen + 1, NULL, 10) : 0;
}

/* Appends the errors (one a line) to out in line order, as they were found section by section;
 * each made safe to show, since they quote names and values from the file. */
static void add_sorted_errors(strbuf *out, const char *errors, const char *path)
{
	size_t n = 0, pathlen = strlen(path);
	const char **lines = NULL;
	for (const char *p = errors; *p;) {
		lines = xrealloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = p;
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	/* An insertion sort keeps the messages of one line in the order they were found. */
	for (size_t i = 1; i < n; i++) {
		const char *e = lines[i];
		size_t j = i;
		for (; j > 0 && error_line(lines[j - 1], pathlen) > error_line(e, pathlen); j--)
			lines[j] = lines[j - 1];
		lines[j] = e;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(lines[i], "\n");
		char *raw = xmalloc(len + 1);
		memcpy(raw, lines[i], len);
		raw[len] = '\0';
		char *safe = text_sanitize(raw);
		sb_printf(out, "%s\n", safe);
		free(safe);
		free(raw);
	}
	free(lines);
}

bool criteria_file_read(const char *path, criteria_set *out, strbuf *errors)
{
	memset(out, 0, sizeof *out);
	reader r = { .set = out };
	bool loaded = inifile_load(&r.ini, path);
	if (loaded)
		read_sections(&r);
	bool ok = loaded && r.ini.nerrors == 0;
	if (!ok) {
		/* Sorted only when the file was read: reading errors may span several lines. */
		if (loaded)
			add_sorted_errors(errors, r.ini.errors.s, r.ini.path);
		else
			sb_add(errors, r.ini.errors.s);
		criteria_set_free(out);
	}
	inifile_free(&r.ini);
	return ok;
}
