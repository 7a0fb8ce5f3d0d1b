/* The area hierarchy: province > district > commune / town / ward > village / residential group.
 * Areas have an official code where one is known, else a generated one ("24934-03"). */
#ifndef KM_AREA_H
#define KM_AREA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/strbuf.h"

struct km_db;

typedef enum area_kind {
	AREA_PROVINCE,
	AREA_DISTRICT,
	AREA_COMMUNE,
	AREA_TOWN,
	AREA_WARD,
	AREA_VILLAGE,
	AREA_RESIDENTIAL_GROUP,
	AREA_KIND_COUNT
} area_kind;

typedef struct area {
	int64_t id;
	int64_t parent_id;       /* 0 for a root */
	char *code;
	bool code_official;
	char *name;
	area_kind kind;
	int nchildren;           /* filled by area_children and area_get */
	char *origin;            /* "default", "demo" or "user" */
} area;

void area_free(area *a);
void areas_free(area *list, size_t n);

const char *area_kind_key(area_kind k);          /* "village" (for files and the CLI) */
int area_kind_from_key(const char *key);         /* -1 if unknown */
const char *area_kind_label(area_kind k);        /* translated: "thôn", "xã" ... */
int area_kind_level(area_kind k);                /* 0 province, 1 district, 2 commune, 3 village */
bool area_kind_assessable(area_kind k);          /* villages and residential groups */
/* Whether a child of kind child may sit under a parent of kind parent. */
bool area_kind_allowed_under(area_kind parent, area_kind child);
/* The usual kind of a new child of parent (a commune's children are villages). */
area_kind area_kind_default_child(area_kind parent);

int area_get(struct km_db *db, int64_t id, area *out);
/* Children of parent_id (0: the roots), in Vietnamese alphabetical order. */
int area_children(struct km_db *db, int64_t parent_id, area **out, size_t *n);
/* The chain from the root down to id (inclusive). */
int area_path(struct km_db *db, int64_t id, area **out, size_t *n);
/* "Lâm Đồng › Đơn Dương › Lạc Xuân" */
void area_path_text(area *path, size_t n, const char *sep, strbuf *out);

/* Adds an area. code NULL: generated from the parent's code. origin: "user", "demo", "default".
 * Validates the name (1-200 characters after cleaning), the kind under the parent, and refuses a
 * sibling with the same name (tone marks and case ignored). Inside the caller's transaction. */
int area_insert(struct km_db *db, int64_t parent_id, const char *name, area_kind kind,
		const char *code, bool official, const char *origin, int64_t *id_out);
/* The same, as one confirmed user action (its own transaction). */
int area_add(struct km_db *db, int64_t parent_id, const char *name, area_kind kind, int64_t *id_out);
/* Renaming needs the area strictly inside the user's scope: not their own unit. */
int area_rename(struct km_db *db, int64_t id, const char *name);

/* Finds an area from what a user typed: a code, a name (tone marks and case ignored), or a path
 * of names "Lạc Xuân/Thôn 1" (each part matched below the previous). An ambiguous name fails
 * with the candidates (code and full path) listed in the error message. */
int area_resolve(struct km_db *db, const char *spec, int64_t *id);

/* Areas whose name contains query (folded), in tree (depth-first) order. */
int area_search(struct km_db *db, const char *query, int64_t **ids, size_t *n);
/* The same with each match's tree key (area_tree_key), in tree order: a caller can then find the
 * match after any area by binary search. Free with area_matches_free. */
typedef struct area_match {
	int64_t id;
	unsigned char *key;
	size_t len;
} area_match;
int area_search_keyed(struct km_db *db, const char *query, area_match **out, size_t *n);
void area_matches_free(area_match *m, size_t n);
/* Compares two tree keys: < 0, 0, > 0. */
int area_tree_key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl);
/* A key that orders areas as the tree shows them (depth-first, siblings alphabetical). */
int area_tree_key(struct km_db *db, int64_t id, unsigned char **key, size_t *len);

/* Number of areas in the database. */
int area_count(struct km_db *db, int64_t *n);
#endif
