package monitor

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzEventFileName: any name parses without panicking, and a name made
// from a writer's parts gives them back.
func FuzzEventFileName(f *testing.F) {
	f.Add("gralach-detectron2-", int64(1729238878), "Chang", uint32(23300), uint32(2), "")
	f.Add("", int64(1700000000), "node1.cluster.local", uint32(7), uint32(0), ".v2")
	f.Add("x", int64(0), "", uint32(0), uint32(0), "..")
	f.Fuzz(func(t *testing.T, prefix string, stamp int64, host string, pid, seq uint32, suffix string) {
		name := prefix + "events.out.tfevents." + strconv.FormatInt(stamp, 10) + "." + host + "." +
			strconv.FormatUint(uint64(pid), 10) + "." + strconv.FormatUint(uint64(seq), 10) + suffix
		ev, ok := parseEventFileName(name)
		parseEventFileName(prefix + host + suffix) // anything at all
		if stamp < 0 || !ok {
			return
		}
		clean := !strings.Contains(prefix, "tfevents.") && !strings.ContainsAny(suffix, "0123456789") &&
			(suffix == "" || suffix[0] == '.') && host != "" && !isDigits(lastPart(host)) && !strings.HasPrefix(host, ".") && !strings.HasSuffix(host, ".")
		if !clean {
			return
		}
		want := eventWriter{prefix: prefix, host: host, pid: strconv.FormatUint(uint64(pid), 10), seq: strconv.FormatUint(uint64(seq), 10)}
		if ev.stamp != stamp || ev.writer != want || ev.seq != int64(seq) {
			t.Errorf("%q: stamp %d writer %+v seq %d, want %d %+v %d", name, ev.stamp, ev.writer, ev.seq, stamp, want, seq)
		}
		if w := ev.writer.process(); !w.wrote(ev) || ev.writer.label() == "" {
			t.Errorf("%q: not its own writer's file", name)
		}
	})
}

func lastPart(s string) string { return s[strings.LastIndexByte(s, '.')+1:] }

// FuzzCompareRunNames: the order is antisymmetric and equal only for equal
// names.
func FuzzCompareRunNames(f *testing.F) {
	f.Add("exp2", "exp10")
	f.Add("a/version_01", "a/version_1")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := CompareRunNames(a, b), CompareRunNames(b, a)
		if (ab < 0) != (ba > 0) || (ab == 0) != (a == b) {
			t.Errorf("compare(%q, %q) = %d but compare(%q, %q) = %d", a, b, ab, b, a, ba)
		}
	})
}
