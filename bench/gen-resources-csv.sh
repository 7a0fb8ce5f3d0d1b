#!/bin/sh
# Writes a CSV of resource entries for `kieumau import resources` to stdout: the same file for the
# same options on any machine (its own random numbers, not awk's rand, which differs between
# mawk and gawk).
#
# Usage: bench/gen-resources-csv.sh [-n ROWS] [-y YEAR] [-s SEED] [-a CODES_FILE] >big.csv
#   -n ROWS        data rows (default 100000), after the header row
#   -y YEAR        the year the entries are dated in, every day of it (default 2025; import it
#                  with KIEUMAU_TODAY at the year's end or later: no entry may be after today)
#   -s SEED        another seed gives another file of the same kind (default 1)
#   -a CODES_FILE  the area codes to spread the rows over, one a line (default: the 99 villages
#                  and residential groups of `kieumau demo`)
#
# The mix is the demo's: residents give cash, workdays, land and materials; the state budgets
# and the pooled and credit funds give cash; enterprises give materials and machine shifts. Values
# are mostly plain digits (what an export writes), some Vietnamese ("1.500.000", "1,5 triệu",
# "250 nghìn"); dates dd/mm/yyyy or yyyy-mm-dd; quantities with a decimal comma; texts in
# Vietnamese, some with commas and quotes (so quoted fields), some empty.
set -eu

rows=100000
year=2025
seed=1
codes=
while getopts n:y:s:a: opt; do
	case $opt in
	n) rows=$OPTARG ;;
	y) year=$OPTARG ;;
	s) seed=$OPTARG ;;
	a) codes=$OPTARG ;;
	*) sed -n '6,13s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $rows$year$seed in *[!0-9]*) echo "$0: -n, -y and -s take whole numbers" >&2; exit 2 ;; esac
if [ "$year" -lt 1900 ] || [ "$year" -gt 2999 ]; then
	echo "$0: -y takes a year from 1900 to 2999" >&2
	exit 2
fi

if [ -n "$codes" ]; then
	area_list=$(tr -s ' \t\r\n' '   ' <"$codes")
else
	# The demo's villages and residential groups (kind village or residential_group).
	area_list=$(for c in 24928 24931 24934 24937 24940 24943 677-01 677-02 677-03 677-04; do
		case $c in
		24934 | 677-02) n=8 ;;
		24937 | 24940 | 677-03) n=11 ;;
		*) n=10 ;;
		esac
		i=1
		while [ "$i" -le "$n" ]; do
			printf '%s-%02d ' "$c" "$i"
			i=$((i + 1))
		done
	done)
fi
[ -n "${area_list% }" ] || { echo "$0: no area codes" >&2; exit 2; }

LC_ALL=C awk -v rows="$rows" -v year="$year" -v seed="$seed" -v areas="$area_list" '
# A linear congruential generator modulo 2^31 (exact in the doubles of any awk).
function rnd(n) {
	state = (state * 1103515245 + 12345) % 2147483648
	return int(state / 2147483648 * n)
}
function pick(list, n) { return list[rnd(n) + 1] }
# v (a whole number) written the Vietnamese way: 1500000 -> 1.500.000
function grouped(v,   s, out) {
	s = sprintf("%d", v)
	out = ""
	while (length(s) > 3) {
		out = "." substr(s, length(s) - 2) out
		s = substr(s, 1, length(s) - 3)
	}
	return s out
}
# A value field: mostly plain digits, sometimes as people type it.
function money(v,   k) {
	k = rnd(20)
	if (k == 0) return grouped(v)
	if (k == 1 && v % 100000 == 0 && v >= 1000000)
		return "\"" (v % 1000000 ? sprintf("%d,%d", v / 1000000, (v % 1000000) / 100000) \
					 : sprintf("%d", v / 1000000)) " triệu\""
	if (k == 2 && v % 1000 == 0 && v < 1000000) return (v / 1000) " nghìn"
	return v
}
# A CSV field: quoted when it holds a comma or a quote (quotes doubled).
function field(s) {
	if (s ~ /[",]/) {
		gsub(/"/, "\"\"", s)
		return "\"" s "\""
	}
	return s
}
BEGIN {
	state = (seed * 2654435761) % 2147483648
	na = split(areas, area, " ")
	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
	split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
	if (leap) mdays[2] = 29
	ndays = 365 + leap

	nsur = split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Ka", sur, " ")
	nmid = split("Văn Đức Minh Ngọc Hữu Thanh Quang Xuân", mid, " ")
	ngiv = split("An Bình Cường Dũng Hà Hải Hạnh Hùng Lan Long Mai Nam Nga Phúc Sơn Thảo Tuấn Vân Yến Đạt", giv, " ")
	nwork = split("Bê tông hóa đường thôn|Bê tông hóa đường trục thôn|Mở rộng đường ngõ xóm|" \
		"Lắp đèn chiếu sáng đường trục|Sửa chữa nhà văn hóa thôn|Nâng cấp nhà văn hóa thôn|" \
		"Trồng cây xanh, làm hàng rào xanh|San lấp mặt bằng khu thể thao|" \
		"Nạo vét kênh mương nội đồng|Xây dựng cổng chào khu dân cư|" \
		"Xây nhà tình nghĩa, nhà đại đoàn kết|Làm mương thoát nước, đoạn xóm Trên", work, "|")
	nfirm = split("Công ty TNHH Xây dựng Đơn Dương|Công ty CP Vật liệu Lâm Đồng|" \
		"HTX Nông nghiệp Lạc Xuân|Doanh nghiệp tư nhân Ka Đô", firm, "|")
	nnote = split("Đã nghiệm thu|Theo biên bản họp thôn ngày 15/3|Chuyển khoản qua Agribank|" \
		"Ủng hộ đợt 2|Kèm \"Phiếu thu\" số 12|Góp thêm, ghi sau", note, "|")
	# Sources weighted as the demo mobilises: residents first, then the budgets.
	nsrc = split("residents residents residents residents residents donors donors enterprise " \
		"enterprise commune commune district province central pooled credit other", src, " ")

	print "date,area_code,source,form,quantity,unit,value,work,contributor,note"
	for (i = 0; i < rows; i++) {
		d = rnd(ndays)
		m = 1
		while (d >= mdays[m]) { d -= mdays[m]; m++ }
		date = rnd(3) ? sprintf("%02d/%02d/%d", d + 1, m, year) : sprintf("%d-%02d-%02d", year, m, d + 1)
		s = pick(src, nsrc)
		q = ""; u = ""; who = ""
		if (s == "residents") {
			k = rnd(10)
			f = k < 4 ? "cash" : k < 7 ? "labour" : k < 9 ? "land" : "materials"
			who = rnd(2) ? "Hộ ông " pick(sur, nsur) " " pick(mid, nmid) " " pick(giv, ngiv) \
				    : "Hộ bà " pick(sur, nsur) " Thị " pick(giv, ngiv)
		} else if (s == "enterprise") {
			f = rnd(3) ? "materials" : rnd(2) ? "machinery" : "cash"
			who = pick(firm, nfirm)
		} else if (s == "donors") {
			f = rnd(4) ? "cash" : "materials"
			who = rnd(3) ? "Con em xa quê " pick(sur, nsur) " " pick(giv, ngiv) : ""
		} else {
			f = rnd(20) ? "cash" : "other"
		}
		if (f == "cash") {
			v = s ~ /^(central|province|district)$/ ? (rnd(500) + 50) * 1000000 \
			  : s ~ /^(commune|pooled|credit)$/ ? (rnd(200) + 10) * 1000000 \
			  : (rnd(100) + 1) * 100000
			if (rnd(3) == 0) { q = v; u = "đ" }
		} else if (f == "labour") {
			q = rnd(120) + 1; u = "ngày công"; v = q * 200000
		} else if (f == "land") {
			n = rnd(800) + 5; h = rnd(2)
			q = h ? n ",5" : n; u = "m²"; v = n * 500000 + h * 250000
		} else if (f == "materials") {
			k = rnd(3)
			if (k == 0) { q = rnd(30) + 1; u = "tấn xi măng"; v = q * 1700000 }
			else if (k == 1) { q = rnd(50) + 1; u = "m³ cát"; v = q * 350000 }
			else { q = (rnd(20) + 1) * 1000; u = "viên gạch"; v = q * 1200 }
		} else if (f == "machinery") {
			q = rnd(10) + 1; u = "ca máy"; v = q * 2500000
		} else {
			v = (rnd(50) + 1) * 1000000
		}
		nt = rnd(5) ? "" : pick(note, nnote)
		printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", date, pick(area, na), s, f, field(q), field(u),
			money(v), field(pick(work, nwork)), field(who), field(nt)
	}
}'
