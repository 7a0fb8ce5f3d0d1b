#include "config.h"
/* The area tree: the default hierarchy, adding and renaming, finding areas by what users type. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "domain/area.h"
#include "helpers.h"
#include "util/strbuf.h"

TestSuite(area, .init = tdb_setup, .fini = tdb_teardown);

static area get(int64_t id)
{
	area a;
	cr_assert_eq(area_get(tdb, id, &a), 0, "%s", db_error(tdb));
	return a;
}

/* area_add expected to fail, with msg in the error. */
static void expect_refused(int64_t parent, const char *name, area_kind kind, const char *msg)
{
	int64_t before = tdb_int(tdb, "SELECT count(*) FROM area");
	cr_expect_eq(area_add(tdb, parent, name, kind, NULL), -1, "\"%s\" accepted", name);
	cr_expect(strstr(db_error(tdb), msg) != NULL, "\"%s\": %s", name, db_error(tdb));
	cr_expect_eq(tdb_int(tdb, "SELECT count(*) FROM area"), before);
}

Test(area, default_tree)
{
	area *roots, *districts, *communes;
	size_t nr, nd, nc;
	cr_assert_eq(area_children(tdb, 0, &roots, &nr), 0);
	cr_assert_eq(nr, 1);
	cr_expect_str_eq(roots[0].name, "Lâm Đồng");
	cr_expect_str_eq(roots[0].code, "68");
	cr_expect_eq(roots[0].kind, AREA_PROVINCE);
	cr_assert_eq(area_children(tdb, roots[0].id, &districts, &nd), 0);
	cr_assert_eq(nd, 1);
	cr_expect_str_eq(districts[0].name, "Đơn Dương");
	cr_expect_str_eq(districts[0].code, "677");
	cr_expect_eq(districts[0].nchildren, 10);
	cr_assert_eq(area_children(tdb, districts[0].id, &communes, &nc), 0);
	const char *want[] = { "D'Ran", "Đạ Ròn", "Ka Đô", "Ka Đơn", "Lạc Lâm",
			       "Lạc Xuân", "Pró", "Quảng Lập", "Thạnh Mỹ", "Tu Tra" };
	cr_assert_eq(nc, 10);
	for (size_t i = 0; i < nc; i++)
		cr_expect_str_eq(communes[i].name, want[i], "child %zu", i);
	area lx = get(tdb_area("24934"));
	cr_expect_str_eq(lx.name, "Lạc Xuân");
	cr_expect(lx.code_official);
	cr_expect_str_eq(lx.origin, "default");
	area_free(&lx);
	areas_free(roots, nr);
	areas_free(districts, nd);
	areas_free(communes, nc);
}

Test(area, new_village_gets_a_generated_code)
{
	int64_t lx = tdb_area("24934");
	int64_t id = tdb_add_village("24934", "Thôn 1");
	area a = get(id);
	cr_expect_str_eq(a.code, "24934-01");
	cr_expect_not(a.code_official);
	cr_expect_eq(a.parent_id, lx);
	cr_expect_eq(a.kind, AREA_VILLAGE);
	cr_expect_str_eq(a.origin, "user");
	area_free(&a);
	a = get(tdb_add_village("24934", "Thôn 2"));
	cr_expect_str_eq(a.code, "24934-02");
	area_free(&a);
}

Test(area, sibling_names_are_unique_ignoring_marks_and_case)
{
	int64_t lx = tdb_area("24934");
	tdb_add_village("24934", "Thôn 1");
	expect_refused(lx, "Thôn 1", AREA_VILLAGE, "already");
	expect_refused(lx, "thôn 1", AREA_VILLAGE, "already");
	expect_refused(lx, "Thon 1", AREA_VILLAGE, "already");
	expect_refused(lx, "  THÔN   1 ", AREA_VILLAGE, "already");
	/* The same name under another commune is fine. */
	tdb_add_village("Ka Đô", "Thôn 1");
}

Test(area, kind_must_fit_the_parent)
{
	expect_refused(tdb_area("677"), "Thôn Mới", AREA_VILLAGE, "cannot be placed");
	expect_refused(tdb_area("24934"), "Xã Mới", AREA_COMMUNE, "cannot be placed");
	expect_refused(0, "Huyện Mới", AREA_DISTRICT, "top of the tree");
}

Test(area, name_length_is_checked_in_characters)
{
	int64_t lx = tdb_area("24934");
	expect_refused(lx, "", AREA_VILLAGE, "empty");
	expect_refused(lx, "   ", AREA_VILLAGE, "empty");
	expect_refused(lx, "\t\n\x07", AREA_VILLAGE, "empty");
	/* "ệ" is three bytes: the limit is 200 characters, not bytes. */
	strbuf b;
	sb_init(&b);
	for (int i = 0; i < 200; i++)
		sb_add(&b, "ệ");
	int64_t id;
	cr_expect_eq(area_add(tdb, lx, b.s, AREA_VILLAGE, &id), 0, "%s", db_error(tdb));
	sb_add(&b, "ệ");
	expect_refused(lx, b.s + 3, AREA_VILLAGE, "already");   /* 200 again: a namesake */
	expect_refused(lx, b.s, AREA_VILLAGE, "longer than 200");
	sb_free(&b);
}

Test(area, control_characters_are_removed)
{
	area a = get(tdb_add_village("24934", "Thôn\x07 7\x7f\x1b"));
	cr_expect_str_eq(a.name, "Thôn 7");
	area_free(&a);
	a = get(tdb_add_village("24934", "\tThôn\t8\n"));
	cr_expect_str_eq(a.name, "Thôn 8");
	area_free(&a);
}

Test(area, rename_keeps_the_id_and_moves_the_area)
{
	int64_t lx = tdb_area("24934");
	int64_t an = tdb_add_village("24934", "An Bình");
	tdb_add_village("24934", "Thôn 2");
	area *kids;
	size_t n;
	cr_assert_eq(area_children(tdb, lx, &kids, &n), 0);
	cr_assert_eq(n, 2);
	cr_expect_eq(kids[0].id, an);
	areas_free(kids, n);

	cr_assert_eq(area_rename(tdb, an, "Xuân Thành"), 0, "%s", db_error(tdb));
	area a = get(an);
	cr_expect_str_eq(a.name, "Xuân Thành");
	cr_expect_str_eq(a.code, "24934-01");
	area_free(&a);
	cr_assert_eq(area_children(tdb, lx, &kids, &n), 0);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(kids[0].name, "Thôn 2");
	cr_expect_eq(kids[1].id, an);
	areas_free(kids, n);
	cr_expect_eq(tdb_area("xuan thanh"), an);

	/* Not onto a sibling's name, nor to nothing. */
	cr_expect_eq(area_rename(tdb, an, "thon 2"), -1);
	cr_expect(strstr(db_error(tdb), "already") != NULL, "%s", db_error(tdb));
	cr_expect_eq(area_rename(tdb, an, " "), -1);
	a = get(an);
	cr_expect_str_eq(a.name, "Xuân Thành");
	area_free(&a);
}

Test(area, resolve_by_code_name_and_path)
{
	int64_t lx = tdb_area("24934");
	area a = get(lx);
	cr_expect_str_eq(a.name, "Lạc Xuân");
	area_free(&a);
	cr_expect_eq(tdb_area("lac xuan"), lx);
	cr_expect_eq(tdb_area("LẠC XUÂN"), lx);
	a = get(tdb_area("don duong"));
	cr_expect_str_eq(a.code, "677");
	area_free(&a);
	int64_t t1 = tdb_add_village("24934", "Thôn 1");
	cr_expect_eq(tdb_area("Lạc Xuân/Thôn 1"), t1);
	cr_expect_eq(tdb_area("lac xuan/thon 1"), t1);
	cr_expect_eq(tdb_area("Thôn 1"), t1);
	cr_expect_eq(tdb_area("24934-01"), t1);
	/* An exact name beats a longer one that contains it. */
	tdb_add_village("24934", "Thôn 10");
	cr_expect_eq(tdb_area("thon 1"), t1);
}

Test(area, resolve_reports_ambiguity_and_no_match)
{
	int64_t lx1 = tdb_add_village("Lạc Xuân", "Thôn 1");
	int64_t kd1 = tdb_add_village("Ka Đô", "Thôn 1");
	int64_t id = 0;
	cr_expect_eq(area_resolve(tdb, "Thôn 1", &id), -1);
	const char *err = db_error(tdb);
	cr_expect(strstr(err, "matches 2 areas") != NULL, "%s", err);
	cr_expect(strstr(err, "24934-01") != NULL, "%s", err);
	cr_expect(strstr(err, "24943-01") != NULL, "%s", err);
	cr_expect(strstr(err, "Lâm Đồng/Đơn Dương/Ka Đô/Thôn 1") != NULL, "%s", err);
	/* A path or a code settles it. */
	cr_expect_eq(tdb_area("Ka Đô/Thôn 1"), kd1);
	cr_expect_eq(tdb_area("24934-01"), lx1);

	cr_expect_eq(area_resolve(tdb, "Hà Nội", &id), -1);
	cr_expect(strstr(db_error(tdb), "No area matches") != NULL, "%s", db_error(tdb));
	cr_expect_eq(area_resolve(tdb, "Ka Đô/Thôn 9", &id), -1);
	cr_expect(strstr(db_error(tdb), "No area matches") != NULL, "%s", db_error(tdb));
}

Test(area, search_returns_tree_order)
{
	/* Added out of tree order on purpose. */
	int64_t lx_an = tdb_add_village("Lạc Xuân", "Xuân An");
	int64_t kd_xt = tdb_add_village("Ka Đô", "Xuân Thành");
	int64_t lx = tdb_area("24934");
	int64_t *ids;
	size_t n;
	cr_assert_eq(area_search(tdb, "xuân", &ids, &n), 0, "%s", db_error(tdb));
	cr_assert_eq(n, 3);
	cr_expect_eq(ids[0], kd_xt);
	cr_expect_eq(ids[1], lx);
	cr_expect_eq(ids[2], lx_an);
	free(ids);

	int64_t t10 = tdb_add_village("Ka Đô", "Thôn 10");
	int64_t t2 = tdb_add_village("Ka Đô", "Thôn 2");
	cr_assert_eq(area_search(tdb, "THON", &ids, &n), 0);
	cr_assert_eq(n, 2);
	cr_expect_eq(ids[0], t2);
	cr_expect_eq(ids[1], t10);
	free(ids);
	cr_assert_eq(area_search(tdb, "không có", &ids, &n), 0);
	cr_expect_eq(n, 0);
	free(ids);
}

Test(area, keyed_search_keeps_tree_order_with_each_key)
{
	int64_t lx_an = tdb_add_village("Lạc Xuân", "Xuân An");
	int64_t kd_xt = tdb_add_village("Ka Đô", "Xuân Thành");
	int64_t lx = tdb_area("24934");
	area_match *m;
	size_t n;
	cr_assert_eq(area_search_keyed(tdb, "xuan", &m, &n), 0, "%s", db_error(tdb));
	cr_assert_eq(n, 3);
	cr_expect_eq(m[0].id, kd_xt);
	cr_expect_eq(m[1].id, lx);
	cr_expect_eq(m[2].id, lx_an);
	/* Each key is the area's own tree key, and they ascend. */
	for (size_t i = 0; i < n; i++) {
		unsigned char *key;
		size_t len;
		cr_assert_eq(area_tree_key(tdb, m[i].id, &key, &len), 0);
		cr_expect_eq(area_tree_key_cmp(key, len, m[i].key, m[i].len), 0);
		free(key);
		if (i)
			cr_expect_lt(area_tree_key_cmp(m[i - 1].key, m[i - 1].len, m[i].key, m[i].len), 0);
	}
	/* A parent's key sorts before its children's: Lạc Xuân before Xuân An. */
	cr_expect_lt(area_tree_key_cmp(m[1].key, m[1].len, m[2].key, m[2].len), 0);
	area_matches_free(m, n);
}

Test(area, path_goes_from_the_root)
{
	int64_t t1 = tdb_add_village("24934", "Thôn 1");
	area *path;
	size_t n;
	cr_assert_eq(area_path(tdb, t1, &path, &n), 0);
	cr_assert_eq(n, 4);
	cr_expect_str_eq(path[0].code, "68");
	cr_expect_str_eq(path[1].code, "677");
	cr_expect_str_eq(path[2].code, "24934");
	cr_expect_eq(path[3].id, t1);
	strbuf b;
	sb_init(&b);
	area_path_text(path, n, " › ", &b);
	cr_expect_str_eq(b.s, "Lâm Đồng › Đơn Dương › Lạc Xuân › Thôn 1");
	sb_free(&b);
	areas_free(path, n);
	cr_expect_eq(area_path(tdb, 12345, &path, &n), -1);
}
