package decode

import "unsafe"

// splitParser is a line parser whose runs of lines can be cut in two and
// parsed on two cores: the second half by a fork that starts from the
// parser's state at the cut. A parser whose state changes from line to
// line cannot be one; a CSV parser can, because its state (the header)
// changes only at a header row, and when one comes in the first half the
// second half is parsed again, in order (see parallel.run).
type splitParser interface {
	lineParser
	// fork makes h, a parser of the same kind, continue from p's state.
	fork(h splitParser)
	// state identifies p's state between lines: the fork's results stand
	// only if parsing the first half left it as it was.
	state() any
}

// JSON lines carry no state from line to line: a fork needs nothing.
func (jp *jsonParser) fork(splitParser) {}
func (jp *jsonParser) state() any       { return nil }

// A nanoGPT or llm.c log's records depend on no state; its parser keeps
// only the run's planned length (max_iters, M of "step N/M"), which a fork
// starts from and which, when a piece changes it, has the pieces after it
// parsed again in order so that the last one says it.
func (p *nanoParser) state() any { return p.horizon }

func (p *nanoParser) fork(h splitParser) { h.(*nanoParser).horizon = p.horizon }

// csvState is what a CSV parser's rows depend on: the header in force.
type csvState struct {
	names *string
	n     int
	have  bool
}

func (p *csvParser) state() any {
	return csvState{names: unsafe.SliceData(p.head.names), n: len(p.head.names), have: p.have}
}

// fork gives h p's header and settings; h keeps its own buffers, so that
// the two never append to the same array.
func (p *csvParser) fork(h splitParser) {
	c := h.(*csvParser)
	arena, fields := c.arena, c.fields
	*c = *p
	c.arena, c.fields = arena, fields
}

// mmdet reports whether any of the JSON parsers saw MMDetection's "mode"
// field.
func (pp *parallel) mmdet() bool {
	if m, ok := pp.main.(*jsonParser); !ok || m.mmdet {
		return ok
	}
	for _, pc := range pp.pieces {
		if f, ok := pc.fork.(*jsonParser); ok && f.mmdet {
			return true
		}
	}
	return false
}
