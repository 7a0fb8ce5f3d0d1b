/* Benchmark databases: a generated hierarchy at one of three scales, with five years of
 * assessments, resources, recognitions and commendations for every village (see synth.h). */
#ifndef KM_BENCH_DATA_H
#define KM_BENCH_DATA_H
#include <stdint.h>

struct km_db;

typedef enum bench_scale { BENCH_DISTRICT, BENCH_PROVINCE, BENCH_COUNTRY, BENCH_SCALE_COUNT } bench_scale;

/* "district", "province", "country"; -1 when unknown. */
int bench_scale_from_key(const char *key);

typedef struct bench_counts {
	int provinces, districts, communes, villages;
} bench_counts;

/* What a scale holds: district 10 communes and 100 villages, province 124 and 1,400, the country
 * 3,300 and 80,000 (34 provinces without districts, as after 2025). */
bench_counts bench_scale_counts(bench_scale scale);

/* Called after each village with how many are done (for a progress display); may be NULL. */
typedef void (*bench_progress_fn)(void *ctx, int done, int total);

/* Fills a database that holds no data but the defaults. Deterministic for a seed (ids aside). */
int bench_data_fill(struct km_db *db, bench_scale scale, uint64_t seed, bench_progress_fn progress,
		    void *ctx);
#endif
