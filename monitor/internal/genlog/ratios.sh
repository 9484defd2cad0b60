#!/usr/bin/env bash
# ratios.sh measures `losswatch check` against `wc -l` (and, on the CSV
# logs, awk printing one column) on 2M-record logs of each format that
# genlog writes, and prints a table of medians and ratios: wall time, and
# CPU time (user + system, all cores), which a busy machine disturbs less.
# The runs are interleaved and the medians compared. -b takes one binary
# or several, separated by commas (a build before and one after a change):
# each gets a row, their runs interleaved too.
#
#	monitor/internal/genlog/ratios.sh [-n records] [-r runs] [-b losswatch-binary[,...]] [formats...]
#
# The logs are written to a temporary directory, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."
n=2000000 runs=5 bin=
while getopts n:r:b: o; do
	case $o in
	n) n=$OPTARG ;; r) runs=$OPTARG ;; b) bin=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(jsonl keras-csv lightning-csv hf keras nanogpt tfevents)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/genlog" ./monitor/internal/genlog
if [ -z "$bin" ]; then
	bin=$dir/losswatch
	go build -o "$bin" .
fi

# seconds runs a command with its output discarded and prints its wall
# time and CPU time in seconds and its peak RSS in MB (python3 for a
# resolution finer than time(1)'s hundredths).
seconds() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(f"{wall:.3f} {cpu:.3f} {after.ru_maxrss / 1024:.0f}")
PY
}

# ratio prints a/b.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b < 0.001) b = 0.001; printf "%.1f", a/b}'; }

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

IFS=, read -r -a bins <<<"$bin"
printf '%-14s %-16s %5s %7s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' format build MB check_s wc_s x_wc awk_s x_awk cpu_s wc_cpu x_wc awk_cpu x_awk RSS_MB
for f in "${formats[@]}"; do
	log=$dir/log.$f
	"$dir/genlog" -format "$f" -n "$n" -o "$log"
	cat "$log" >/dev/null # in the page cache for every contender
	: >"$dir/wc" >"$dir/awk" >"$dir/wcc" >"$dir/awkc"
	for b in "${!bins[@]}"; do : >"$dir/check$b" >"$dir/checkc$b" >"$dir/rss$b"; done
	for ((i = 0; i < runs; i++)); do
		for b in "${!bins[@]}"; do
			read -r s c rss < <(seconds "${bins[$b]}" check "$log")
			echo "$s" >>"$dir/check$b"
			echo "$c" >>"$dir/checkc$b"
			echo "$rss" >>"$dir/rss$b"
		done
		read -r s c _ < <(seconds wc -l "$log")
		echo "$s" >>"$dir/wc"
		echo "$c" >>"$dir/wcc"
		if [[ $f == *csv ]]; then
			read -r s c _ < <(seconds awk -F, '{print $2}' "$log")
			echo "$s" >>"$dir/awk"
			echo "$c" >>"$dir/awkc"
		fi
	done
	w=$(median <"$dir/wc") wc=$(median <"$dir/wcc")
	a=- ac=-
	if [[ $f == *csv ]]; then
		a=$(median <"$dir/awk") ac=$(median <"$dir/awkc")
	fi
	mb=$(du -m "$log" | cut -f1)
	for b in "${!bins[@]}"; do
		c=$(median <"$dir/check$b") cc=$(median <"$dir/checkc$b") r=$(median <"$dir/rss$b")
		xa=- xac=-
		if [[ $f == *csv ]]; then
			xa=$(ratio "$c" "$a") xac=$(ratio "$cc" "$ac")
		fi
		printf '%-14s %-16s %5s %7s %6s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' "$f" "$(basename "${bins[$b]}")" "$mb" "$c" "$w" "$(ratio "$c" "$w")" "$a" "$xa" \
			"$cc" "$wc" "$(ratio "$cc" "$wc")" "$ac" "$xac" "$r"
	done
	rm -f "$log"
done
