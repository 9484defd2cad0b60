package headless

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/losswatch/losswatch/monitor/decode"
)

// maxOutputLine is the longest line of a command's output passed on whole;
// a longer one is passed on in pieces.
const maxOutputLine = 4096

// lineSanitizer passes text on to w line by line, each line with its
// control and bidi characters removed (decode.Sanitize; tabs are kept), so
// that what an --exec command prints cannot drive the user's terminal: set
// its title, clear it, reverse the text after it. Flush passes on the last
// line when it has no newline.
type lineSanitizer struct {
	w       io.Writer
	pending []byte
}

// Write passes on every complete line of p and keeps the rest.
func (s *lineSanitizer) Write(p []byte) (int, error) {
	s.pending = append(s.pending, p...)
	for {
		i := bytes.IndexByte(s.pending, '\n')
		if i < 0 && len(s.pending) <= maxOutputLine {
			return len(p), nil
		}
		cut := i
		if i < 0 || i > maxOutputLine {
			cut = pieceEnd(s.pending)
		}
		if err := s.emit(s.pending[:cut]); err != nil {
			return len(p), err
		}
		if cut == i {
			cut++
		}
		s.pending = s.pending[cut:]
	}
}

// Flush passes on what is left.
func (s *lineSanitizer) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	err := s.emit(s.pending)
	s.pending = nil
	return err
}

func (s *lineSanitizer) emit(line []byte) error {
	_, err := io.WriteString(s.w, sanitizeLine(string(bytes.TrimSuffix(line, []byte("\r"))))+"\n")
	return err
}

// pieceEnd returns where the first piece of an overlong line ends: at
// maxOutputLine bytes, moved back to a rune's start.
func pieceEnd(b []byte) int {
	end := maxOutputLine
	for end > maxOutputLine-utf8.UTFMax && !utf8.RuneStart(b[end]) {
		end--
	}
	return end
}

// sanitizeLine is decode.Sanitize keeping tabs.
func sanitizeLine(l string) string {
	parts := strings.Split(l, "\t")
	for i, p := range parts {
		parts[i] = decode.Sanitize(p)
	}
	return strings.Join(parts, "\t")
}
