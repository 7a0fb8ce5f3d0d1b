# Commendations from the command line: award add, list (text, csv, filters), edit, delete.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 35

csv() { km award list --format csv "$@"; }
ids() { csv "$@" | sed 1d | cut -d, -f1 | paste -sd' ' -; }
count() { csv | sed 1d | wc -l | tr -d ' '; }
HEADER=id,decision_date,decision_no,form,issuer,level,recipient_kind,recipient,area_code,area,amount,reason,note,recognition_id

run km init
check "init" 0 "$rc"
km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null     # 24934-01
km areas add --parent "Đạ Ròn" "Thôn 1" >/dev/null       # 24937-01

# ---- add
run km award add --recipient-kind area --recipient "Thôn 1" --area "lac xuan/thon 1" \
	--form "Giấy khen của Chủ tịch UBND huyện" --level district --decision "12/QĐ-UBND" \
	--date 10/03/2024 --body "UBND huyện Đơn Dương" --amount "1,5 triệu" --reason "KDC kiểu mẫu 2023"
A=$out
check "add (area given without tone marks): exit 0, the new id on stdout" "0 yes" \
	"$rc $(case $A in ''|*[!0-9]*) echo no ;; *) echo yes ;; esac)"
run km award add --recipient-kind household --recipient "Hộ ông Nguyễn Văn A" --area 24937-01 \
	--form "Bằng khen của Chủ tịch UBND tỉnh" --level province --decision 5/QĐ-UBND \
	--date 1/12/2023 --amount "2.340.000 đ" --note 'trao tại "hội nghị", năm 2023'
B=$out
check "add a second one in another village" "0 yes" "$rc $([ -n "$B" ] && [ "$B" != "$A" ] && echo yes)"

# ---- list
run csv
check "list --format csv: exit 0, the header" "0 $HEADER" "$rc $(row 0 "$out")"
check "list: newest decision first" "$A $B" "$(ids)"
check "csv: the first one's fields, \"1,5 triệu\" stored as 1500000" \
	"10/03/2024,12/QĐ-UBND,Giấy khen của Chủ tịch UBND huyện,UBND huyện Đơn Dương,district,area,Thôn 1,24934-01,Thôn 1,1500000,KDC kiểu mẫu 2023,," \
	"$(printf '%s\n' "$out" | csv_get "$A" decision_date decision_no form issuer level recipient_kind recipient area_code area amount reason note recognition_id)"
check "csv: the second one's amount, kind, level, area and note (with quotes and a comma)" \
	'2340000,household,province,24937-01,trao tại "hội nghị", năm 2023' \
	"$(printf '%s\n' "$out" | csv_get "$B" amount recipient_kind level area_code note)"
run km award list
check "list (text): exit 0" 0 "$rc"
line=$(line_of "$out" "12/QĐ-UBND")
has "text: the date as dd/mm/yyyy" "$line" "10/03/2024"
has "text: the form" "$line" "Giấy khen của Chủ tịch UBND huyện"
has "text: the recipient and its kind" "$line" "Thôn 1 ("
has "text: the area with its code" "$line" "(24934-01)"
has "text: the amount as 1.500.000 đ" "$line" "1.500.000 đ"
has "text: the other one's amount" "$(line_of "$out" "5/QĐ-UBND")" "2.340.000 đ"
has "text: the other one's date" "$(line_of "$out" "5/QĐ-UBND")" "01/12/2023"

# ---- filters
check "--level province" "$B" "$(ids --level province)"
check "--level district" "$A" "$(ids --level district)"
check "--level national: none" "" "$(ids --level national)"
check "--year 2023" "$B" "$(ids --year 2023)"
check "--year 2024" "$A" "$(ids --year 2024)"
check "--area Lạc Xuân (everything below it)" "$A" "$(ids --area "Lạc Xuân")"
check "--area Đơn Dương: both" "$A $B" "$(ids --area "don duong")"
check "--form without tone marks" "$A" "$(ids --form "giay khen")"
check "--recipient-kind household" "$B" "$(ids --recipient-kind household)"
run km award list --level bogus
check "an unknown level is refused (exit 1)" 1 "$rc"

# ---- refusals write nothing
before=$(csv)
run km award add --recipient-kind area --recipient "Thôn 1" --area 24934-01 --form "Giấy khen" \
	--level district --decision 13/QĐ --date 31/02/2025
check "a date 31/02/2025 is refused: exit 1, nothing on stdout" "1:" "$rc:$out"
has "the refusal says why on stderr" "$err" "31/02/2025"
run km award add --recipient-kind area --recipient "Thôn 1" --area 24934-01 --form "Giấy khen" \
	--level district --decision 13/QĐ --date 16/06/2024
check "a decision after today is refused (exit 1)" 1 "$rc"
run km award add --recipient-kind area --recipient "Thôn 1" --area 24934-01 --form "Giấy khen" \
	--level district --decision 13/QĐ --date 01/06/2024 --amount "mười triệu"
check "an amount that is not one is refused (exit 1)" 1 "$rc"
run km award add --recipient-kind area --recipient "Thôn 1" --area 24934-01 --form "Giấy khen"
check "add without --level, --decision, --date: usage (exit 2)" 2 "$rc"
check "refused adds leave the list as it was" "$before" "$(csv)"

# ---- edit, delete
run km award edit "$A" --amount "3 triệu"
check "edit --amount: exit 0, the amount changed, the rest kept" \
	"0 3000000,12/QĐ-UBND,Giấy khen của Chủ tịch UBND huyện,10/03/2024" \
	"$rc $(csv | csv_get "$A" amount decision_no form decision_date)"
run km award edit 12345 --amount 1
check "edit of an unknown id is refused (exit 1)" 1 "$rc"
run km award delete "$B"
check "delete: exit 0, the commendation is gone" "0 $A" "$rc $(ids)"
run km award delete "$B"
check "deleting it again is refused (exit 1), nothing else removed" "1 1" "$rc $(count)"
