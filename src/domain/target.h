/* Yearly targets of a commune or a district (from its yearly plan): areas to recognise at the
 * district and at the province level, and resources to mobilise in đồng. */
#ifndef KM_TARGET_H
#define KM_TARGET_H
#include <stdbool.h>
#include <stdint.h>

struct km_db;

typedef struct target {
	int64_t area_id;
	int year;
	bool has_district, has_province, has_resources;   /* each target may be unset */
	int recognised_district;
	int recognised_province;
	int64_t resources_dong;
	char *note;
} target;

void target_free(target *t);
/* The target of an area and year; returns 0 with nothing set (has_* false) when none. */
int target_get(struct km_db *db, int64_t area_id, int year, target *out);
/* Sets (one transaction) the targets given; the area must be commune-level or above. A target
 * with nothing set removes the row. */
int target_set(struct km_db *db, const target *t);
#endif
