package screen

import (
	"testing"
)

// writes records each Write call apart.
type writes struct{ calls []string }

func (w *writes) Write(p []byte) (int, error) {
	w.calls = append(w.calls, string(p))
	return len(p), nil
}

// take returns the one write since the last take, "" when there was
// none, and fails when there were several: a frame is one write.
func (w *writes) take(t *testing.T) string {
	t.Helper()
	defer func() { w.calls = nil }()
	switch len(w.calls) {
	case 0:
		return ""
	case 1:
		return w.calls[0]
	}
	t.Fatalf("%d writes for one frame: %q", len(w.calls), w.calls)
	return ""
}

func draw(t *testing.T, f *Frames, w *writes, view string) string {
	t.Helper()
	if err := f.Draw(view); err != nil {
		t.Fatal(err)
	}
	return w.take(t)
}

func TestFramesWriteOnlyWhatChanged(t *testing.T) {
	const (
		home  = "\x1b[H"
		clear = "\x1b[2J"
		el    = "\x1b[K"
	)
	red, reset := "\x1b[31m", "\x1b[0m"
	tests := []struct {
		name        string
		size        [2]int // 0x0: never resized
		first, then string
		want        string // what the second frame writes
	}{
		{"first frame, size unknown: every non-blank line, rest of each row erased", [2]int{}, "",
			"ab\n\ncd", home + "ab" + el + "\x1b[3;1Hcd" + el},
		{"first frame of a sized terminal: cleared, every non-blank line", [2]int{10, 4}, "",
			"ab\n\ncd", home + clear + "ab\x1b[3;1Hcd"},
		{"one changed line", [2]int{10, 4}, "ab\ncd\nef",
			"ab\nXY\nef", home + "\x1b[2;1HXY" + el},
		{"the first line changed: no move after home", [2]int{10, 4}, "ab\ncd",
			"a\ncd", home + "a" + el},
		{"unchanged frame writes nothing", [2]int{10, 4}, "ab\ncd",
			"ab\ncd", ""},
		{"a shorter frame erases the rows below it", [2]int{10, 4}, "a\nb\nc",
			"a", home + "\x1b[2;1H\x1b[J"},
		{"a line that became blank is erased", [2]int{10, 4}, "a\nb\nc",
			"a\n\nc", home + "\x1b[2;1H" + el},
		{"a line as wide as the terminal: no erase, which would blank its last cell", [2]int{4, 4}, "a",
			"abcd", home + "abcd"},
		{"a wider line is cut to the width, its styles intact", [2]int{5, 4}, "x",
			red + "hello" + reset + " world", home + red + "hello" + reset},
		{"a style over the cut keeps its reset, so that it does not run on", [2]int{5, 4}, "x",
			red + "hello world" + reset, home + red + "hello" + reset},
		{"a wide character that does not fit is dropped whole", [2]int{5, 4}, "x",
			"abcd界", home + "abcd" + el},
		{"a taller view shows its last rows", [2]int{10, 2}, "a\nb",
			"a\nb\nc", home + "b" + el + "\x1b[2;1Hc" + el},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &writes{}
			f := NewFrames(w)
			if tt.size != [2]int{} {
				f.Resize(tt.size[0], tt.size[1])
			}
			if tt.first != "" {
				draw(t, f, w, tt.first)
			}
			if got := draw(t, f, w, tt.then); got != tt.want {
				t.Errorf("wrote %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFramesResizeRepaintsWhole(t *testing.T) {
	w := &writes{}
	f := NewFrames(w)
	f.Resize(10, 3)
	draw(t, f, w, "ab\ncd\nef")
	if f.Changed("ab\ncd\nef") {
		t.Error("the frame on screen is called changed")
	}
	f.Resize(3, 2)
	if !f.Changed("ab\ncd\nef") {
		t.Error("after a resize, the same frame is not called changed")
	}
	if got, want := draw(t, f, w, "ab\ncd\nef"), "\x1b[H\x1b[2Jcd\x1b[2;1Hef"; got != want {
		t.Errorf("repaint after a resize wrote %q, want %q", got, want)
	}
	if got := draw(t, f, w, "ab\ncd\nef"); got != "" {
		t.Errorf("the frame again wrote %q", got)
	}
	// The next frame is compared with the rows the repaint drew.
	if got, want := draw(t, f, w, "cd\nXY"), "\x1b[H\x1b[2;1HXY\x1b[K"; got != want {
		t.Errorf("after the repaint wrote %q, want %q", got, want)
	}
}

func TestFramesRowsOutsideTheScreenWriteNothing(t *testing.T) {
	w := &writes{}
	f := NewFrames(w)
	f.Resize(10, 1)
	draw(t, f, w, "a\nb")
	if got := draw(t, f, w, "X\nb"); got != "" {
		t.Errorf("a change above the screen wrote %q", got)
	}
}

func TestModesTurnOnAndOffWhatTheyUse(t *testing.T) {
	plain := Modes{}
	if got, want := plain.Setup(), "\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l\x1b[?2004h"; got != want {
		t.Errorf("setup %q, want %q", got, want)
	}
	if got, want := plain.Teardown(), "\x1b[?2004l\x1b[?25h\x1b[?1049l\x1b[?25h"; got != want {
		t.Errorf("teardown %q, want %q", got, want)
	}
	mouse := Modes{Mouse: true}
	if got, want := mouse.Setup(), plain.Setup()+"\x1b[?1002h\x1b[?1006h"; got != want {
		t.Errorf("setup with the mouse %q, want %q", got, want)
	}
	if got, want := mouse.Teardown(), "\x1b[?1002l\x1b[?1003l\x1b[?1006l"+plain.Teardown(); got != want {
		t.Errorf("teardown with the mouse %q, want %q", got, want)
	}
}
