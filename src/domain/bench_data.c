#include "config.h"
/* Benchmark databases. The areas are generated (names built from common Vietnamese place-name
 * words, codes "B01-002-03"); every village then gets five years of data from synth.c, written
 * village by village so that each table's rows arrive in primary-key order (appends, not random
 * inserts), in transactions of a few hundred villages. Kept out of the audit log: generated
 * rows are nobody's change. */
#include "domain/bench_data.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "domain/auth.h"
#include "domain/criteria.h"
#include "domain/synth.h"
#include "storage/db.h"
#include "util/i18n.h"
#include "util/rng.h"

#define FIRST_YEAR 2021
#define LAST_YEAR 2025
#define YEARS (LAST_YEAR - FIRST_YEAR + 1)
#define VILLAGES_PER_COMMIT 250
/* Enough ids for that many villages' five years (about 12 rows with an id a village a year). */
#define IDS_PER_COMMIT (VILLAGES_PER_COMMIT * YEARS * 16)

static const char *const scale_keys[BENCH_SCALE_COUNT] = { "district", "province", "country" };

int bench_scale_from_key(const char *key)
{
	for (int i = 0; i < BENCH_SCALE_COUNT; i++)
		if (key && strcmp(key, scale_keys[i]) == 0)
			return i;
	return -1;
}

bench_counts bench_scale_counts(bench_scale scale)
{
	switch (scale) {
	case BENCH_DISTRICT: return (bench_counts){ 1, 1, 10, 100 };
	case BENCH_PROVINCE: return (bench_counts){ 1, 12, 124, 1400 };
	default: return (bench_counts){ 34, 0, 3300, 80000 };
	}
}

/* Place-name words; two of them make a name ("Tân Phú", "Hòa Bình"). */
static const char *const first_words[] = {
	"An", "Bình", "Cẩm", "Đông", "Đức", "Gia", "Hòa", "Hưng", "Hương", "Kim", "Lạc", "Long",
	"Minh", "Mỹ", "Nam", "Nghĩa", "Ngọc", "Phú", "Phúc", "Quảng", "Quang", "Tân", "Thạch",
	"Thanh", "Thiện", "Thuận", "Tiên", "Trung", "Vĩnh", "Xuân", "Yên", "Đại", "Hải", "Sơn",
};
static const char *const second_words[] = {
	"An", "Bình", "Châu", "Điền", "Đồng", "Giang", "Hà", "Hải", "Hiệp", "Hòa", "Hội", "Khánh",
	"Lâm", "Lập", "Lộc", "Lợi", "Mỹ", "Ninh", "Phong", "Phú", "Phước", "Sơn", "Tây", "Thành",
	"Thịnh", "Thọ", "Thủy", "Tiến", "Trạch", "Trung", "Tường", "Vinh", "Xá", "Yên",
};
#define NFIRST (sizeof first_words / sizeof *first_words)
#define NSECOND (sizeof second_words / sizeof *second_words)

/* The name of the i-th child of a parent: distinct for i < NFIRST * NSECOND, then numbered. */
static void place_name(unsigned salt, unsigned i, char *buf, size_t cap)
{
	unsigned n = (i * 37u + salt * 11u) % (unsigned)(NFIRST * NSECOND);
	unsigned a = n % NFIRST, b = n / NFIRST;
	if (i < NFIRST * NSECOND)
		snprintf(buf, cap, "%s %s", first_words[a], second_words[b]);
	else
		snprintf(buf, cap, "%s %s %u", first_words[a], second_words[b], i / (unsigned)(NFIRST * NSECOND) + 1);
}

/* The share of n items among k slots: slot i gets the items [n*i/k, n*(i+1)/k). */
static int share(int n, int k, int i)
{
	return (int)((int64_t)n * (i + 1) / k - (int64_t)n * i / k);
}

typedef struct builder {
	km_db *db;
	rng r;
	synth_village *v;
	size_t n, cap;
} builder;

static int add_area(builder *b, int64_t parent, const char *name, area_kind kind, const char *code,
		    int64_t *id)
{
	return area_insert(b->db, parent, name, kind, code, false, "demo", id);
}

/* The villages (residential groups in towns and wards) of one commune-level unit. */
static int add_villages(builder *b, int64_t commune, area_kind commune_kind, const char *code, int count)
{
	area_kind kind = area_kind_default_child(commune_kind);
	const char *prefix = kind == AREA_VILLAGE ? "Thôn" : "Tổ dân phố";
	for (int i = 1; i <= count; i++) {
		char name[64], vcode[64];
		snprintf(name, sizeof name, "%s %d", prefix, i);
		if (snprintf(vcode, sizeof vcode, "%s-%02d", code, i) >= (int)sizeof vcode)
			return db_fail(b->db, "code too long: %s", code);
		int64_t id;
		if (add_area(b, commune, name, kind, vcode, &id) < 0)
			return -1;
		if (b->n == b->cap)
			b->v = xrealloc(b->v, (b->cap = b->cap ? b->cap * 2 : 1024) * sizeof *b->v);
		synth_village *vg = &b->v[b->n++];
		*vg = (synth_village){ id, 0, rng_range(&b->r, 90, 420), rng_range(&b->r, 0, 9) < 4 ? "KV1" : "KV2",
				       rng_range(&b->r, 15, 80) / 10.0, rng_range(&b->r, 20, 120) / 10.0, "" };
		snprintf(vg->name, sizeof vg->name, "%s", name);
	}
	return 0;
}

/* count communes (one in five a town or ward) with villages villages among them, under parent. */
static int add_communes(builder *b, int64_t parent, const char *code, unsigned salt, int count, int villages)
{
	for (int i = 0; i < count; i++) {
		char name[64], ccode[56];
		place_name(salt, (unsigned)i, name, sizeof name);
		if (snprintf(ccode, sizeof ccode, "%s-%03d", code, i + 1) >= (int)sizeof ccode)
			return db_fail(b->db, "code too long: %s", code);
		area_kind kind = i % 5 == 4 ? (i % 10 == 9 ? AREA_WARD : AREA_TOWN) : AREA_COMMUNE;
		int64_t id;
		if (add_area(b, parent, name, kind, ccode, &id) < 0 ||
		    add_villages(b, id, kind, ccode, share(villages, count, i)) < 0)
			return -1;
	}
	return 0;
}

static int add_areas(builder *b, bench_scale scale)
{
	bench_counts c = bench_scale_counts(scale);
	for (int p = 0; p < c.provinces; p++) {
		char name[64], code[16];
		place_name(7, (unsigned)p * 5, name, sizeof name);
		snprintf(code, sizeof code, "B%02d", p + 1);
		int64_t province;
		if (add_area(b, 0, name, AREA_PROVINCE, code, &province) < 0)
			return -1;
		int communes = share(c.communes, c.provinces, p), villages = share(c.villages, c.provinces, p);
		if (c.districts == 0) {
			if (add_communes(b, province, code, (unsigned)p, communes, villages) < 0)
				return -1;
			continue;
		}
		for (int d = 0; d < c.districts; d++) {
			char dcode[40];
			place_name(13, (unsigned)d * 3, name, sizeof name);
			snprintf(dcode, sizeof dcode, "%s-D%02d", code, d + 1);
			int64_t district;
			if (add_area(b, province, name, AREA_DISTRICT, dcode, &district) < 0 ||
			    add_communes(b, district, dcode, (unsigned)d, share(communes, c.districts, d),
					 share(villages, c.districts, d)) < 0)
				return -1;
		}
	}
	return 0;
}

static int refuse_unless_empty(km_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT EXISTS (SELECT 1 FROM area WHERE origin <> 'default')");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_fail_sql(db, _("reading the database"));
	bool used = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return used ? db_fail(db, _("Benchmark data goes into a new database: %s already holds areas"),
			      db_path(db))
		    : 0;
}

static int fill_villages(builder *b, const criteria_set *set, bench_progress_fn progress, void *ctx)
{
	/* Model areas rise from 30 % to 57 % of the villages over the five years; the province
	 * recognised about a third of them, as in the directive's first year. */
	static const int model_pct[YEARS] = { 30, 36, 43, 50, 57 };
	static const int province_pct[YEARS] = { 11, 14, 17, 21, 25 };
	int model[YEARS], province[YEARS];
	for (int y = 0; y < YEARS; y++) {
		model[y] = (int)((int64_t)b->n * model_pct[y] / 100);
		province[y] = (int)((int64_t)b->n * province_pct[y] / 100);
	}
	const synth_plan plan = {
		FIRST_YEAR, LAST_YEAR, model, province,
		"Ủy ban MTTQ Việt Nam cấp huyện (dữ liệu thử nghiệm)", "Ủy ban MTTQ Việt Nam tỉnh (dữ liệu thử nghiệm)",
		"UBND cấp huyện (dữ liệu thử nghiệm)", "UBND tỉnh (dữ liệu thử nghiệm)", true,
	};
	/* A random order of merit decides which villages become model areas first. */
	for (size_t i = 0; i < b->n; i++)
		b->v[i].rank = (int)i;
	for (size_t i = b->n; i > 1; i--) {
		size_t j = (size_t)(rng_next(&b->r) % i);
		int t = b->v[i - 1].rank;
		b->v[i - 1].rank = b->v[j].rank;
		b->v[j].rank = t;
	}
	int seq[YEARS] = { 0 };
	if (db_reserve_ids(b->db, IDS_PER_COMMIT) < 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
			if (synth_village_year(b->db, &plan, set, &b->v[i], y, &b->r, &seq[y - FIRST_YEAR]) < 0)
				return -1;
		if ((i + 1) % VILLAGES_PER_COMMIT == 0 &&
		    (db_commit(b->db) < 0 || db_begin(b->db) < 0 || db_reserve_ids(b->db, IDS_PER_COMMIT) < 0))
			return -1;
		if (progress)
			progress(ctx, (int)i + 1, (int)b->n);
	}
	for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
		if (criteria_bind_year(b->db, y, set->id) < 0)
			return -1;
	return 0;
}

int bench_data_fill(km_db *db, bench_scale scale, uint64_t seed, bench_progress_fn progress, void *ctx)
{
	if (!auth_check(db, PERM_ADMIN, 0))
		return -1;
	int64_t set_id;
	if (criteria_set_for_year(db, FIRST_YEAR, &set_id) < 0)
		return -1;
	if (!set_id)
		return db_fail(db, _("No criteria set applies to %d"), FIRST_YEAR);
	criteria_set set;
	if (criteria_load(db, set_id, &set) < 0)
		return -1;
	builder b = { .db = db };
	rng_seed(&b.r, seed);
	/* A generated file, made again if anything goes wrong: no waiting for the disk, no write-ahead
	 * log (every page would be written twice), and a large page cache so that the indexes' pages
	 * stay in memory between commits. Restored below. */
	if (db_exec(db, "PRAGMA cache_size = -262144; PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; PRAGMA ignore_check_constraints = ON; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF") < 0) {
		criteria_set_free(&set);
		return -1;
	}
	int rc = db_begin(db);
	if (rc == 0) {
		db_audit_pause(db, true);
		rc = refuse_unless_empty(db);
		if (rc == 0)
			rc = add_areas(&b, scale);
		if (rc == 0)
			rc = fill_villages(&b, &set, progress, ctx);
		if (rc == 0)
			rc = db_meta_set(db, "bench_scale", scale_keys[scale]);
		db_audit_pause(db, false);
		if (rc < 0)
			db_rollback(db);
		else
			rc = db_commit(db);
	}
	if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON") < 0)
		rc = -1;
	free(b.v);
	criteria_set_free(&set);
	return rc;
}
