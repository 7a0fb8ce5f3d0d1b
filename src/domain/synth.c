#include "config.h"
/* Generated illustrative data, one village's year at a time: its facts, its judgements at both
 * stages, its resources, its recognition cycle and its commendations. Shared by the demo (one
 * district, figures from the directive) and the benchmark databases (up to the whole country).
 * Deterministic: the same generator state gives the same rows. */
#include "domain/synth.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/assessment.h"
#include "storage/db.h"
#include "util/i18n.h"

/* A value that meets (or misses) criterion c, as entered by a village. */
static void make_judgement(const criterion_def *c, bool met, const synth_village *vg, rng *r, judgement *j)
{
	int households = vg->households;
	memset(j, 0, sizeof *j);
	j->assessed = true;
	double t = c->has_threshold ? criterion_threshold_for(c, vg->area_type) : 0;
	switch (c->measure) {
	case MEASURE_YESNO:
		break;
	case MEASURE_PERCENT: {
		double v = met ? t + (100 - t) * rng_range(r, 0, 100) / 100.0
			       : t - rng_range(r, 2, 15);
		if (v < 0)
			v = 0;
		if (c->base && strcmp(c->base, "households") == 0) {
			j->has_fraction = true;
			j->base = households;
			j->part = met ? ceil(v * households / 100.0) : floor(v * households / 100.0);
			if (j->part > households)
				j->part = households;
			v = j->part / j->base * 100.0;
		} else {
			v = round(v * 10) / 10;
		}
		j->has_value = true;
		j->value = v;
		break;
	}
	case MEASURE_COUNT:
		j->has_value = true;
		j->value = met ? (c->cmp == CMP_LE || c->cmp == CMP_LT ? 0 : t + rng_range(r, 0, 3))
			       : (c->cmp == CMP_LE || c->cmp == CMP_LT ? t + rng_range(r, 1, 3) : 0);
		break;
	case MEASURE_RATING:
		j->has_value = true;
		j->value = met ? rng_range(r, (int)t, c->nlevels - 1) : rng_range(r, 0, (int)t - 1);
		break;
	default:
		break;
	}
	/* The value decides, as it does when a cadre types it. */
	j->met = c->measure == MEASURE_YESNO ? met : criterion_met_by(c, j->value, vg->area_type);
}

/* Illustrative evidence notes, the kind a cadre writes. */
static const char *evidence_for(const criterion_def *c, stage s, rng *r)
{
	static const char *const self_notes[] = {
		"Biên bản họp thôn; danh sách hộ lưu tại nhà văn hóa thôn (minh họa)",
		"Phiếu rà soát từng hộ do chi hội thực hiện (minh họa)",
		"Báo cáo của Ban Công tác Mặt trận thôn (minh họa)",
	};
	static const char *const appraisal_notes[] = {
		"Đoàn thẩm định xã kiểm tra thực tế, chụp ảnh hiện trạng (minh họa)",
		"Đối chiếu sổ theo dõi của xã, kiểm tra ngẫu nhiên 20 hộ (minh họa)",
		"Biên bản thẩm định của UBMTTQ xã (minh họa)",
	};
	(void)c;
	int i = rng_range(r, 0, 2);
	return s == STAGE_SELF ? self_notes[i] : appraisal_notes[i];
}

static int insert_fact(km_db *db, int64_t area_id, int year, const char *key, double num,
		       const char *text)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO area_fact(area_id, year, key, value_num, value_text, updated_by, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, 'demo', ?6)");
	if (!st)
		return -1;
	char now[32];
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	if (text)
		sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_double(st, 4, num);
	sqlite3_bind_text(st, 6, db_now_iso(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

/* The bases the village's percentages are of, and its area type. */
static int insert_facts(km_db *db, const synth_village *vg, int year)
{
	int hh = vg->households;
	if (insert_fact(db, vg->id, year, "households", hh, NULL) < 0 ||
	    insert_fact(db, vg->id, year, "population", hh * 4 + hh / 3, NULL) < 0 ||
	    insert_fact(db, vg->id, year, "area_type", 0, vg->area_type) < 0 ||
	    insert_fact(db, vg->id, year, "road_km", vg->road_km, NULL) < 0 ||
	    insert_fact(db, vg->id, year, "lane_km", vg->lane_km, NULL) < 0)
		return -1;
	return 0;
}

static int insert_judgement(km_db *db, int64_t area_id, int year, const criterion_def *c,
			    stage s, const judgement *j, const char *on, const char *evidence)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO assessment(area_id, year, criterion_id, stage, met, value, part, base, "
		"evidence, judged_by, judged_on, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'demo',?10,?10)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, c->id);
	sqlite3_bind_text(st, 4, stage_key(s), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, j->met);
	if (j->has_value)
		sqlite3_bind_double(st, 6, j->value);
	if (j->has_fraction) {
		sqlite3_bind_double(st, 7, j->part);
		sqlite3_bind_double(st, 8, j->base);
	}
	if (evidence)
		sqlite3_bind_text(st, 9, evidence, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, on, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

static int insert_recognition(km_db *db, const synth_plan *p, int64_t area_id, int year, bool province,
			      int seq, int64_t *id_out)
{
	int64_t id = db_new_id(db);
	if (!id)
		return -1;
	*id_out = id;
	char no[48], date[16];
	snprintf(no, sizeof no, province ? "%d/QĐ-MTTQ-BTT" : "%d/QĐ-MTTQ", 100 + seq);
	snprintf(date, sizeof date, "%d-12-%02d", year, province ? 20 : 15);
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO recognition(id, area_id, year, title, level, decision_no, decision_date, issuer, origin) "
		"VALUES (?1, ?2, ?3, 'model', ?4, ?5, ?6, ?7, 'demo')");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, province ? "province" : "district", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, province ? p->province_front : p->district_front, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

/* Runs one INSERT of demo rows whose text parameters are given in order (NULL binds NULL). */
static int insert_row(km_db *db, const char *sql, int64_t area_id, int year, const char *a,
		      const char *b, const char *c, const char *d)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int(st, 2, year);
	const char *texts[] = { a, b, c, d };
	for (int i = 0; i < 4; i++)
		if (texts[i])
			sqlite3_bind_text(st, 3 + i, texts[i], -1, SQLITE_TRANSIENT);
	char now[32];
	sqlite3_bind_text(st, 7, db_now_iso(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

static const char *date_of(int year, int month, int day, char *buf, size_t cap)
{
	snprintf(buf, cap, "%d-%02d-%02d", year, month, day);
	return buf;
}

/* The cycle of a village for the year: registration and the steps it went through. */
static int insert_cycle(km_db *db, int64_t area_id, int year, bool model, bool appraised, rng *r)
{
	char d[32];
	if (insert_row(db, "INSERT INTO registration(area_id, year, title, registered_on, origin, recorded_by, "
			   "recorded_at) VALUES (?1, ?2, ?3, ?4, 'demo', 'demo', ?7)",
		       area_id, year, model || rng_range(r, 0, 1) ? "model" : "exemplary",
		       date_of(year, 3, rng_range(r, 1, 28), d, sizeof d), NULL, NULL) < 0)
		return -1;
	static const char *const sql =
		"INSERT INTO cycle_step(area_id, year, step, done_on, done_by, origin, recorded_at) "
		"VALUES (?1, ?2, ?3, ?4, 'demo', 'demo', ?7)";
	if (insert_row(db, sql, area_id, year, "self_assessed", date_of(year, 10, rng_range(r, 1, 9), d, sizeof d),
		       NULL, NULL) < 0)
		return -1;
	if (appraised && insert_row(db, sql, area_id, year, "appraised", date_of(year, 11, 10, d, sizeof d),
				    NULL, NULL) < 0)
		return -1;
	if (model && insert_row(db, sql, area_id, year, "inspected", date_of(year, 11, rng_range(r, 20, 28), d, sizeof d),
				NULL, NULL) < 0)
		return -1;
	return 0;
}

/* A commendation of a recognised village: usually within weeks, sometimes late, and for the
 * last year some not yet (the directive's "not timely"). */
static int insert_award(km_db *db, const synth_plan *p, int64_t area_id, int year, int64_t recognition_id,
			bool province, const char *recipient, rng *r)
{
	int delay = rng_range(r, 0, 9) < 7 ? rng_range(r, 5, 25) : rng_range(r, 40, 90);
	char date[32], no[48], now[32];
	snprintf(no, sizeof no, "%d/QĐ-UBND", rng_range(r, 200, 999));
	/* Decisions on 15 or 20 December; the delay runs into the next year. */
	int day = (province ? 20 : 15) + delay, month = 12, y = year;
	while (day > 31 || (month == 2 && day > 28) || ((month == 4 || month == 6 || month == 9 || month == 11) && day > 30)) {
		int len = month == 2 ? 28 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
		day -= len;
		if (++month > 12) {
			month = 1;
			y++;
		}
	}
	date_of(y, month, day, date, sizeof date);
	int64_t id = db_new_id(db);
	if (!id)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO award(id, recipient_kind, recipient, area_id, form, issuer, level, decision_no, "
		"decision_date, reason, amount, recognition_id, origin, created_by, created_at, updated_by, updated_at) "
		"VALUES (?1, 'area', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'demo', 'demo', ?12, 'demo', ?12)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, area_id);
	sqlite3_bind_text(st, 4, province ? "Bằng khen của Chủ tịch UBND tỉnh" : "Giấy khen của Chủ tịch UBND huyện",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, province ? p->province_council : p->district_council, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, province ? "province" : "district", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, "Đạt danh hiệu khu dân cư kiểu mẫu (minh họa)", -1, SQLITE_STATIC);
	/* Illustrative amounts: 1.0x and 0.3x of a base salary of 1.800.000 đ, for collectives 2x. */
	sqlite3_bind_double(st, 10, province ? 3600000 : 1080000);
	sqlite3_bind_int64(st, 11, recognition_id);
	sqlite3_bind_text(st, 12, db_now_iso(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

/* About ten resource entries a village a year: residents' cash and labour, donated land, the
 * commune's and district's budgets for roads, enterprises' materials. Illustrative amounts. */
static int insert_resources(km_db *db, int64_t area_id, int year, rng *r)
{
	static const struct {
		const char *source, *form, *unit, *work;
		int qmin, qmax;          /* quantity range (0: none) */
		int unit_price;          /* đồng per unit of quantity, or the value in thousands for cash */
	} kinds[] = {
		{ "residents", "cash", "đ", "Bê tông hóa đường thôn", 0, 0, 0 },
		{ "residents", "labour", "ngày công", "Bê tông hóa đường thôn", 20, 200, 200000 },
		{ "residents", "land", "m²", "Mở rộng đường ngõ xóm", 10, 150, 500000 },
		{ "commune", "cash", "đ", "Lắp đèn chiếu sáng đường trục", 0, 0, 0 },
		{ "district", "cash", "đ", "Bê tông hóa đường trục thôn", 0, 0, 0 },
		{ "enterprise", "materials", "tấn xi măng", "Bê tông hóa đường thôn", 5, 40, 1700000 },
		{ "residents", "labour", "ngày công", "Trồng cây xanh, làm hàng rào xanh", 10, 80, 200000 },
		{ "donors", "cash", "đ", "Sửa chữa nhà văn hóa thôn", 0, 0, 0 },
		{ "pooled", "cash", "đ", "Nâng cấp nhà văn hóa thôn", 0, 0, 0 },
		{ "residents", "machinery", "ca máy", "San lấp mặt bằng khu thể thao", 1, 10, 2500000 },
	};
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO resource_entry(id, area_id, entry_date, source, form, quantity, unit, value_dong, work, "
		"contributor, origin, created_by, created_at, updated_by, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'demo', 'demo', ?11, 'demo', ?11)");
	if (!st)
		return -1;
	char now[32];
	db_now_iso(now, sizeof now);
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		if (rng_range(r, 0, 9) < 2)
			continue;   /* not every kind every year */
		int64_t id = db_new_id(db);
		if (!id)
			return -1;
		char date[32];
		snprintf(date, sizeof date, "%d-%02d-%02d", year, rng_range(r, 1, 12), rng_range(r, 1, 28));
		double quantity = kinds[k].qmax ? rng_range(r, kinds[k].qmin, kinds[k].qmax) : 0;
		int64_t value;
		if (kinds[k].qmax)
			value = (int64_t)quantity * kinds[k].unit_price;
		else if (strcmp(kinds[k].source, "residents") == 0 || strcmp(kinds[k].source, "donors") == 0)
			value = (int64_t)rng_range(r, 5, 60) * 1000000;
		else
			value = (int64_t)rng_range(r, 50, 500) * 1000000;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, area_id);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kinds[k].source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, kinds[k].form, -1, SQLITE_STATIC);
		if (kinds[k].qmax)
			sqlite3_bind_double(st, 6, quantity);
		else
			sqlite3_bind_double(st, 6, (double)value);
		sqlite3_bind_text(st, 7, kinds[k].unit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, value);
		sqlite3_bind_text(st, 9, kinds[k].work, -1, SQLITE_STATIC);
		if (strcmp(kinds[k].source, "enterprise") == 0)
			sqlite3_bind_text(st, 10, "Công ty TNHH Xây dựng Đơn Dương (minh họa)", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return db_fail_sql(db, _("writing generated data"));
		}
	}
	sqlite3_reset(st);
	return 0;
}


/* A commendation of one of the village's households for what it gave (benchmarks: one per
 * village a year beside the recognitions' own). */
static int insert_household_award(km_db *db, int64_t area_id, int year, rng *r)
{
	static const char *const families[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
						"Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô" };
	static const char *const given[] = { "Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Em",
					     "Thị Giang", "Văn Hải", "Thị Hoa", "Minh Khang", "Thị Lan" };
	char recipient[96], no[48], date[32], now[32];
	snprintf(recipient, sizeof recipient, "Hộ ông/bà %s %s",
		 families[rng_range(r, 0, (int)(sizeof families / sizeof *families) - 1)],
		 given[rng_range(r, 0, (int)(sizeof given / sizeof *given) - 1)]);
	snprintf(no, sizeof no, "%d/QĐ-UBND", rng_range(r, 10, 199));
	snprintf(date, sizeof date, "%d-%02d-%02d", year, rng_range(r, 9, 12), rng_range(r, 1, 28));
	int64_t id = db_new_id(db);
	if (!id)
		return -1;
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO award(id, recipient_kind, recipient, area_id, form, level, decision_no, "
		"decision_date, reason, amount, origin, created_by, created_at, updated_by, updated_at) "
		"VALUES (?1, 'household', ?2, ?3, 'Giấy khen của Chủ tịch UBND xã', 'commune', ?4, ?5, "
		"'Hiến đất, góp công làm đường thôn', ?6, 'demo', 'demo', ?7, 'demo', ?7)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, area_id);
	sqlite3_bind_text(st, 4, no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(st, 6, 500000);
	sqlite3_bind_text(st, 7, db_now_iso(now, sizeof now), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail_sql(db, _("writing generated data"));
}

int synth_village_year(km_db *db, const synth_plan *p, const criteria_set *set, const synth_village *vg,
		       int year, rng *r, int *seq)
{
	int yi = year - p->first_year;
	char on[16];
	snprintf(on, sizeof on, "%d-11-%02d", year, 10);
	bool model = vg->rank < p->model_count[yi];
	/* A village that is not a model area misses one to four criteria. */
	int misses = model ? 0 : rng_range(r, 1, 4);
	bool miss[256] = { false };
	for (int m = 0; m < misses && set->ncriteria; m++)
		miss[rng_next(r) % set->ncriteria] = true;
	/* The commune appraised every model area and about half of the others. */
	bool appraised = model || rng_range(r, 0, 1);
	/* A few new households every year. */
	synth_village cur = *vg;
	cur.households += yi * 2;
	if (insert_facts(db, &cur, year) < 0 || insert_resources(db, vg->id, year, r) < 0)
		return -1;
	for (size_t k = 0; k < set->ncriteria && k < 256; k++) {
		const criterion_def *c = &set->criteria[k];
		judgement j;
		make_judgement(c, !miss[k], &cur, r, &j);
		/* Most judgements cite their papers; some were ticked on paper only. */
		const char *self_ev = rng_range(r, 0, 9) < 8 ? evidence_for(c, STAGE_SELF, r) : NULL;
		if (insert_judgement(db, vg->id, year, c, STAGE_SELF, &j, on, self_ev) < 0)
			return -1;
		/* Now and then the commune judged a criterion differently from the village: the
		 * formalism the directive warns of. */
		if (appraised) {
			/* Only ever stricter, so a village that is not a model area stays one. */
			if (!model && j.met && rng_range(r, 0, 14) == 0)
				make_judgement(c, false, &cur, r, &j);
			/* A model area was recognised on substance: every appraisal has its evidence. */
			if (insert_judgement(db, vg->id, year, c, STAGE_APPRAISAL, &j, on,
					     model || rng_range(r, 0, 19) ? evidence_for(c, STAGE_APPRAISAL, r) : NULL) < 0)
				return -1;
		}
	}
	bool newly = model && (yi == 0 || vg->rank >= p->model_count[yi - 1]);
	/* Of each year's new model areas, the first few in merit went to the province. */
	int first = yi ? p->model_count[yi - 1] : 0;
	int to_province = p->province_count[yi] - (yi ? p->province_count[yi - 1] : 0);
	bool province = vg->rank - first < to_province;
	/* New model areas and about half of the others registered for a title; areas holding one
	 * from an earlier year are re-checked instead (below). */
	bool holder = model && !newly;
	if (!holder && (model || rng_range(r, 0, 1)) && insert_cycle(db, vg->id, year, model, appraised, r) < 0)
		return -1;
	if (newly) {
		int64_t rid;
		if (insert_recognition(db, p, vg->id, year, province, ++*seq, &rid) < 0)
			return -1;
		/* The last year's recognitions are not all commended yet. */
		if ((year < p->last_year || rng_range(r, 0, 2) > 0) &&
		    insert_award(db, p, vg->id, year, rid, province, vg->name, r) < 0)
			return -1;
	} else if (model) {
		/* Recognised earlier: the yearly re-check, not all done in the last year. */
		char d[32];
		if ((year < p->last_year || rng_range(r, 0, 3) > 0) &&
		    insert_row(db, "INSERT INTO recheck(area_id, year, result, checked_on, origin, recorded_by, "
				   "recorded_at) VALUES (?1, ?2, ?3, ?4, 'demo', 'demo', ?7)",
			       vg->id, year, rng_range(r, 0, 4) ? "maintained" : "improved",
			       date_of(year, 11, 28, d, sizeof d), NULL, NULL) < 0)
			return -1;
	}
	if (p->commend_every_village && !newly && insert_household_award(db, vg->id, year, r) < 0)
		return -1;
	return 0;
}
