package decode

import "bytes"

// settingsDump reports whether t prints a program's settings rather than a
// point of training: an argparse Namespace, or a Python dict that holds
// other dicts (fairseq's and Hydra's configuration at start-up).
func settingsDump(t []byte) bool {
	if bytes.Contains(t, []byte("Namespace(")) {
		return true
	}
	i := bytes.Index(t, []byte("{'"))
	return i >= 0 && bytes.Contains(t[i+2:], []byte(": {'"))
}

// unrecognised says why a line that proves no format is skipped while the
// format is unknown: a dump of settings, named numbers without a step, or
// no metric at all.
func (s *sniffer) unrecognised(line []byte) reason {
	t := trimLine(line)
	s.pairs = kvPairs(t, s.pairs[:0])
	return unplaced(t, s.pairs)
}

// unplaced says why a text line whose named numbers (pairs) hold no
// step-like key is skipped: a dump of settings, numbers with no step to
// place them at, or no metric at all.
func unplaced(t []byte, pairs []kvPair) reason {
	switch {
	case settingsDump(t):
		return reasonConfig
	case len(pairs) > 0:
		return reasonNoStep
	}
	return reasonNoMetric
}
