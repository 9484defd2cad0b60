#!/usr/bin/env bash
# ratios.sh measures `losswatch check` against `wc -l` (and, on the CSV
# logs, awk printing one column) on 2M-record logs of each format that
# genlog writes, and prints a table of medians and ratios. The machine may
# be noisy: the runs are interleaved and the medians compared.
#
#	monitor/internal/genlog/ratios.sh [-n records] [-r runs] [-b losswatch-binary] [formats...]
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
[ ${#formats[@]} -gt 0 ] || formats=(jsonl keras-csv lightning-csv hf tfevents)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/genlog" ./monitor/internal/genlog
if [ -z "$bin" ]; then
	bin=$dir/losswatch
	go build -o "$bin" .
fi

# seconds runs a command with its output discarded and prints its wall
# time in seconds and its peak RSS in MB.
seconds() {
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null 2>&1 || true
	awk '{printf "%s %.0f\n", $1, $2/1024}' "$dir/time"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-14s %8s %9s %9s %8s %9s %8s %8s\n' format MB check_s wc_s x_wc awk_s x_awk RSS_MB
for f in "${formats[@]}"; do
	log=$dir/log.$f
	"$dir/genlog" -format "$f" -n "$n" -o "$log"
	cat "$log" >/dev/null # in the page cache for every contender
	: >"$dir/check" >"$dir/wc" >"$dir/awk" >"$dir/rss"
	for ((i = 0; i < runs; i++)); do
		read -r s rss < <(seconds "$bin" check "$log")
		echo "$s" >>"$dir/check"
		echo "$rss" >>"$dir/rss"
		read -r s _ < <(seconds wc -l "$log")
		echo "$s" >>"$dir/wc"
		if [[ $f == *csv ]]; then
			read -r s _ < <(seconds awk -F, '{print $2}' "$log")
			echo "$s" >>"$dir/awk"
		fi
	done
	c=$(median <"$dir/check") w=$(median <"$dir/wc") r=$(median <"$dir/rss")
	a=- xa=-
	if [[ $f == *csv ]]; then
		a=$(median <"$dir/awk")
		xa=$(awk -v c="$c" -v a="$a" 'BEGIN {printf "%.2f", c/a}')
	fi
	xw=$(awk -v c="$c" -v w="$w" 'BEGIN {if (w < 0.01) w = 0.01; printf "%.1f", c/w}')
	mb=$(du -m "$log" | cut -f1)
	printf '%-14s %8s %9s %9s %8s %9s %8s %8s\n' "$f" "$mb" "$c" "$w" "$xw" "$a" "$xa" "$r"
	rm -f "$log"
done
