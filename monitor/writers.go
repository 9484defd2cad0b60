package monitor

import (
	"slices"
	"strings"
)

// eventWriter is the process that wrote a TensorBoard event file, as its
// name tells (<prefix>events.out.tfevents.<time>.<host>.<pid>.<n>): event
// files of one folder with different writers may be different runs.
type eventWriter struct {
	prefix string // what precedes "events.out.tfevents" (a copied file's label)
	host   string // may hold dots
	pid    string
	seq    string // the writer's counter, n
}

// parseWriter reads the writer from the dot-separated parts of an event
// file's name after its time stamp (the first part is empty). Trailing
// parts that are not numbers (a ".v2" suffix) are left out; then the last
// number is the counter and the one before it the process id.
func parseWriter(prefix string, parts []string) eventWriter {
	w := eventWriter{prefix: prefix}
	if len(parts) > 0 && parts[0] == "" {
		parts = parts[1:]
	}
	for len(parts) > 0 && !isDigits(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	if n := len(parts); n > 0 {
		w.seq, parts = parts[n-1], parts[:n-1]
	}
	if n := len(parts); n > 1 && isDigits(parts[n-1]) {
		w.pid, parts = parts[n-1], parts[:n-1]
	}
	w.host = strings.Join(parts, ".")
	return w
}

func isDigits(s string) bool { return s != "" && leadingDigits(s) == len(s) }

// source is what a run's files share: the label and the host.
func (w eventWriter) source() eventWriter { return eventWriter{prefix: w.prefix, host: w.host} }

// process is the writer without its counter: the files of one process.
func (w eventWriter) process() eventWriter {
	return eventWriter{prefix: w.prefix, host: w.host, pid: w.pid}
}

// wrote reports whether ev is one of w's files: w names a process, or (pid
// empty) every process of a source.
func (w *eventWriter) wrote(ev eventFile) bool {
	if w.pid == "" {
		return ev.writer.source() == *w
	}
	return ev.writer.process() == *w
}

// covers reports whether w's run reads the files of writer o: w names a
// source (every process of it) or that very process.
func (w eventWriter) covers(o eventWriter) bool {
	if w.pid == "" {
		return w.source() == o.source()
	}
	return w.process() == o.process()
}

// label names a writer's run among others of one folder.
func (w eventWriter) label() string {
	s := w.prefix + w.host
	if w.pid != "" {
		s += "." + w.pid
	}
	if s == "" {
		return "events"
	}
	return s
}

// eventGroup is the event files of one run, in reading order.
type eventGroup struct {
	writer eventWriter
	files  []eventFile
}

// splitWriters groups a folder's event files (in reading order) by run.
// Files of one source (label and host) are one run, however many processes
// wrote them: a run restarted or resumed writes a new file from a new
// process and TensorBoard reads them as one. When the folder holds the
// files of several sources side by side — a flat folder of runs copied
// together — nothing says which processes resumed which, so each process is
// a run of its own: never two sources' series in one.
func splitWriters(events []eventFile) []eventGroup {
	sources := map[eventWriter]bool{}
	for _, ev := range events {
		sources[ev.writer.source()] = true
	}
	key := eventWriter.source
	if len(sources) > 1 {
		key = eventWriter.process
	}
	var groups []eventGroup
	for _, ev := range events {
		k := key(ev.writer)
		i := slices.IndexFunc(groups, func(g eventGroup) bool { return g.writer == k })
		if i < 0 {
			groups = append(groups, eventGroup{writer: k})
			i = len(groups) - 1
		}
		groups[i].files = append(groups[i].files, ev)
	}
	return groups
}

// newestGroup returns the files of the group that wrote last (whose last
// file comes last in reading order).
func newestGroup(groups []eventGroup) []eventFile {
	best := groups[0]
	for _, g := range groups[1:] {
		if compareEventFiles(g.files[len(g.files)-1], best.files[len(best.files)-1]) > 0 {
			best = g
		}
	}
	return best.files
}
