#include "config.h"
/* The rules of a criterion that need no database: names of measures and comparisons, which
 * threshold applies to an area, whether a value meets it, and how to show it. */
#include "domain/criteria.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/vnum.h"

/* Values within this distance count as equal: a share computed as part/base*100 is often a hair
 * off the round number it stands for (29.0 / 100 * 100 = 28.999999999999996). */
#define KM_EPSILON 1e-9

static const char *const measure_keys[MEASURE_COUNT_KINDS] = { "yesno", "percent", "count", "rating" };
static const char *const cmp_symbols[CMP_COUNT] = { ">=", ">", "<=", "<", "=" };
static const char *const cmp_displays[CMP_COUNT] = { "≥", ">", "≤", "<", "=" };

void criteria_set_free(criteria_set *set)
{
	if (!set)
		return;
	free(set->code);
	free(set->name);
	free(set->decision_no);
	free(set->decision_date);
	free(set->issuer);
	for (size_t i = 0; i < set->ngroups; i++) {
		free(set->groups[i].code);
		free(set->groups[i].name);
	}
	free(set->groups);
	for (size_t i = 0; i < set->ncriteria; i++) {
		criterion_def *c = &set->criteria[i];
		free(c->code);
		free(c->name);
		free(c->group_code);
		free(c->unit);
		free(c->base);
		free(c->org);
		for (int j = 0; j < c->n_area_thresholds; j++)
			free(c->area_type[j]);
		for (int j = 0; j < c->nlevels; j++)
			free(c->levels[j]);
	}
	free(set->criteria);
	memset(set, 0, sizeof *set);
}

const char *measure_key(measure_kind m)
{
	return (unsigned)m < MEASURE_COUNT_KINDS ? measure_keys[m] : "?";
}

int measure_from_key(const char *key)
{
	for (int i = 0; key && i < MEASURE_COUNT_KINDS; i++)
		if (strcasecmp(key, measure_keys[i]) == 0)
			return i;
	return -1;
}

const char *cmp_symbol(cmp_op c)
{
	return (unsigned)c < CMP_COUNT ? cmp_symbols[c] : "?";
}

const char *cmp_display(cmp_op c)
{
	return (unsigned)c < CMP_COUNT ? cmp_displays[c] : "?";
}

int cmp_from_symbol(const char *s)
{
	/* The display forms are accepted too: people copy "≥ 90%" from a decision. */
	for (int i = 0; s && i < CMP_COUNT; i++)
		if (strcmp(s, cmp_symbols[i]) == 0 || strcmp(s, cmp_displays[i]) == 0)
			return i;
	return -1;
}

/* The threshold that no area can pass without also passing every per-type one. */
static double strictest_threshold(const criterion_def *c)
{
	if (c->cmp == CMP_EQ)
		return c->has_threshold ? c->threshold : c->area_threshold[0];
	bool larger = c->cmp == CMP_GE || c->cmp == CMP_GT;
	double t = c->has_threshold ? c->threshold : c->area_threshold[0];
	for (int i = 0; i < c->n_area_thresholds; i++) {
		double a = c->area_threshold[i];
		if (larger ? a > t : a < t)
			t = a;
	}
	return t;
}

double criterion_threshold_for(const criterion_def *c, const char *area_type)
{
	if (c->n_area_thresholds == 0)
		return c->threshold;
	for (int i = 0; area_type && i < c->n_area_thresholds; i++)
		if (strcasecmp(area_type, c->area_type[i]) == 0)
			return c->area_threshold[i];
	return strictest_threshold(c);
}

bool criterion_met_by(const criterion_def *c, double value, const char *area_type)
{
	if (c->measure == MEASURE_YESNO)
		return value != 0;
	double t = criterion_threshold_for(c, area_type);
	switch (c->cmp) {
	case CMP_GE: return value >= t - KM_EPSILON;
	case CMP_GT: return value > t + KM_EPSILON;
	case CMP_LE: return value <= t + KM_EPSILON;
	case CMP_LT: return value < t - KM_EPSILON;
	case CMP_EQ: return fabs(value - t) <= KM_EPSILON;
	case CMP_COUNT: break;
	}
	return false;
}

/* "≥ 90%", "≤ 0 hộ", "≥ Vững mạnh": one comparison with its value. */
static void describe_one(const criterion_def *c, double t, strbuf *b)
{
	sb_printf(b, "%s ", cmp_display(c->cmp));
	int level = (int)lround(t);
	if (c->measure == MEASURE_RATING && level >= 0 && level < c->nlevels) {
		sb_add(b, c->levels[level]);
		return;
	}
	char num[32];
	sb_add(b, vn_format_number(t, 2, num, sizeof num));
	if (c->unit && *c->unit) {
		/* Vietnamese writes 90% but 5 hộ. */
		if (strcmp(c->unit, "%") != 0)
			sb_addc(b, ' ');
		sb_add(b, c->unit);
	}
}

/* Copies src into buf, cutting (if it must) before a character, never inside one. */
static void copy_utf8(char *buf, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	size_t n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf, src, n);
	buf[n] = '\0';
}

void criterion_describe_threshold(const criterion_def *c, char *buf, size_t cap)
{
	strbuf b;
	sb_init(&b);
	if (c->measure == MEASURE_YESNO) {
		sb_add(&b, _("Met"));
	} else if (c->n_area_thresholds > 0) {
		/* "KV1 ≥ 70%, KV2 ≥ 90%": short enough for a checklist line at 80 columns. */
		for (int i = 0; i < c->n_area_thresholds; i++) {
			sb_printf(&b, "%s%s ", i > 0 ? ", " : "", c->area_type[i]);
			describe_one(c, c->area_threshold[i], &b);
		}
	} else {
		describe_one(c, c->threshold, &b);
	}
	copy_utf8(buf, cap, b.s);
	sb_free(&b);
}
