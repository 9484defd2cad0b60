package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/losswatch/losswatch/ui/headless"
)

// maxNamesShown bounds the metric names an error lists.
const maxNamesShown = 12

// checkProblem returns why a check report is not a judgement of the log
// the user meant, so that a wrong path or a wrong --metric fails a CI job
// instead of passing as "insufficient-data": no metric could be read at
// all (unless allowEmpty), or metric, when given, is not in the log.
func checkProblem(rep headless.Check, metric string, allowEmpty bool) error {
	file := rep.File
	if file == "-" {
		file = "standard input"
	}
	if len(rep.Metrics) == 0 {
		if allowEmpty {
			return nil
		}
		return fmt.Errorf("no metric found in %s (%s; --allow-empty to accept that)", file, whatWasSeen(rep))
	}
	if metric == "" {
		return nil
	}
	if _, ok := rep.Metrics[metric]; ok {
		return nil
	}
	names := slices.Sorted(maps.Keys(rep.Metrics))
	more := ""
	if len(names) > maxNamesShown {
		more = fmt.Sprintf(" and %d more", len(names)-maxNamesShown)
		names = names[:maxNamesShown]
	}
	return fmt.Errorf("no metric %q in %s; it has %s%s", metric, file, strings.Join(quoteAll(names), ", "), more)
}

// whatWasSeen says in a few words what a log without a metric held.
func whatWasSeen(rep headless.Check) string {
	if rep.Lines == 0 {
		return "it is empty"
	}
	s := fmt.Sprintf("%d lines", rep.Lines)
	if rep.Skipped == rep.Lines && len(rep.SkipReasons) > 0 {
		type reason struct {
			name string
			n    int64
		}
		var rs []reason
		for k, v := range rep.SkipReasons {
			rs = append(rs, reason{k, v})
		}
		slices.SortFunc(rs, func(a, b reason) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name)) })
		parts := make([]string, len(rs))
		for i, r := range rs {
			parts[i] = fmt.Sprintf("%s %d", r.name, r.n)
		}
		s += ", all skipped: " + strings.Join(parts, ", ")
	}
	if rep.Format != "" {
		s += ", read as " + string(rep.Format)
	}
	return s
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}
