# The status table's running totals (area_year_total, kept by triggers): after every kind of
# change (judgements, evidence, resource entries, commendations, a year bound to another set)
# the table moves by exactly the change and `kieumau check` finds the totals equal to the data;
# a dropped trigger is caught by the check and mended by `check --repair`.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 23

V=24934-01          # Thôn 1 of Lạc Xuân
# field NAME: that column of Lạc Xuân's row (the village's commune) in the 2024 status table.
field() { km status-table "lac xuan" --year 2024 --format csv | csv_get "$V" "$1"; }
checks_ok() { km check >/dev/null 2>&1; }

run km demo
check "demo: done" 0 "$rc"
ok "the demo's totals match the data" checks_ok

# ---- judgements at appraisal ----
km assess "$V" VH01 --year 2024 --stage appraisal --met --evidence "Biên bản kiểm tra" >/dev/null
met0=$(field criteria_met)
run km assess "$V" VH01 --year 2024 --stage appraisal --not-met
check "not met: saved" 0 "$rc"
check "not met: one criterion fewer" "$((met0 - 1))" "$(field criteria_met)"
check "not met: not eligible" 0 "$(field eligible)"
km assess "$V" VH01 --year 2024 --stage appraisal --met --evidence "Biên bản kiểm tra" >/dev/null
check "met again: back" "$met0" "$(field criteria_met)"
km assess "$V" VH01 --year 2024 --stage appraisal --clear >/dev/null
check "cleared: one fewer" "$((met0 - 1))" "$(field criteria_met)"
# A self-assessment does not count.
km assess "$V" VH01 --year 2024 --stage self --not-met >/dev/null
check "self-assessment: no change" "$((met0 - 1))" "$(field criteria_met)"
ok "after the judgements the totals match the data" checks_ok

# ---- resource entries ----
dong0=$(field resources_dong) days0=$(field labour_days)
id=$(km resources add --area "$V" --date 01/03/2024 --source residents --form labour --value 2000000 \
	--quantity 10 --unit "ngày công")
check "entry: added" 0 "$?"
check "entry: the đồng" "$((dong0 + 2000000))" "$(field resources_dong)"
check "entry: the labour days" "$(awk -v a="$days0" 'BEGIN { print a + 10 }')" "$(field labour_days)"
km resources edit "$id" --value 3000000 --date 01/03/2023 >/dev/null
check "entry moved to 2023: out of 2024" "$dong0" "$(field resources_dong)"
km resources edit "$id" --date 02/03/2024 >/dev/null
km resources delete "$id" >/dev/null
check "entry deleted" "$dong0" "$(field resources_dong)"
ok "after the entries the totals match the data" checks_ok

# ---- commendations ----
aw0=$(field awards)
aid=$(km award add --recipient-kind household --recipient "Hộ ông A" --area "$V" --form "Giấy khen" \
	--level commune --decision 1/QĐ --date 01/03/2024)
check "commendation: counted" "$((aw0 + 1))" "$(field awards)"
km award delete "$aid" >/dev/null
check "commendation deleted: not counted" "$aw0" "$(field awards)"

# ---- the year bound to another set, then back ----
km criteria import "$KM_SRCDIR/tests/fixtures/criteria-kv.ini" >/dev/null
km criteria bind 2024 test-kv-2026 --force >/dev/null
check "another set: no judgement of it" 0 "$(field criteria_met)"
km criteria bind 2024 minh-hoa-2021 --force >/dev/null
check "the set again: the judgements count again" "$((met0 - 1))" "$(field criteria_met)"
ok "after rebinding the totals match the data" checks_ok

# ---- without its trigger the check finds the difference; --repair mends it ----
sqlite3 "$DB" "DROP TRIGGER total_award_insert"
km award add --recipient-kind household --recipient "Hộ ông B" --area "$V" --form "Giấy khen" \
	--level commune --decision 2/QĐ --date 01/03/2024 >/dev/null
run km check
check "dropped trigger: the check fails" 1 "$rc"
has "dropped trigger: the check names the area" "$out" "24934-01"
run km check --repair
check "repair: the check passes" 0 "$rc"
