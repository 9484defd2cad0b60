package ui

import (
	"bufio"
	"io"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor/decode"
)

// firstLineMsg carries the first non-blank line of a log in which no metric
// was found, so that the start-up screen can show what it saw.
type firstLineMsg struct{ line string }

// firstLineMax is how much of the log's start is read to find that line.
const firstLineMax = 4096

// askFirstLine returns the command that reads the first line of a log that
// lines came from but no metric yet, once; nil otherwise (or for standard
// input and pipes, which cannot be read twice).
func (m *Model) askFirstLine() tea.Cmd {
	lv := &m.live
	if m.firstAsked || lv.stats.Lines == 0 || len(m.data.order) > 0 || lv.path == "" || lv.path == "-" {
		return nil
	}
	m.firstAsked = true
	path := lv.path
	return func() tea.Msg { return firstLineMsg{line: readFirstLine(path)} }
}

// readFirstLine returns the first non-blank line in the first few kB of a
// regular file, without control characters; "" when there is none.
func readFirstLine(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	r := bufio.NewReader(io.LimitReader(f, firstLineMax))
	for {
		l, err := r.ReadString('\n')
		if t := strings.TrimSpace(decode.Sanitize(l)); t != "" {
			return t
		}
		if err != nil {
			return ""
		}
	}
}
