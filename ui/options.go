package ui

import (
	"io"
	"log/slog"
	"math"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Option configures the monitor.
type Option func(*config)

type config struct {
	path      string
	metric    string
	weight    float64
	framework string
	debugLog  string
	renderer  *lipgloss.Renderer
	now       func() time.Time
	output    io.Writer
	input     io.Reader
	exportDir string
	capacity  int
	mouse     bool
	fromEnd   bool
	logger    *slog.Logger
}

func defaultConfig() config {
	return config{weight: smoothWeights[0], now: time.Now, capacity: 4096, exportDir: ".", mouse: true, logger: slog.New(slog.DiscardHandler)}
}

// newConfig is the default config with opts applied.
func newConfig(opts []Option) config {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// styles builds the styles from the palette for the configured renderer
// (standard output's when none is set).
func (c config) styles() Styles {
	r := c.renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	return NewStyles(r, DefaultPalette())
}

// WithPath sets the path shown in the header (the source's own path is shown
// when the follower reports it).
func WithPath(p string) Option { return func(c *config) { c.path = p } }

// WithMetric chooses the metric to chart first instead of the primary loss.
func WithMetric(name string) Option { return func(c *config) { c.metric = name } }

// WithSmoothing sets the EMA weight to start with (0 turns smoothing off);
// `s` then cycles through 0.6, 0.9, 0.99 and off.
func WithSmoothing(weight float64) Option {
	return func(c *config) { c.weight = math.Min(math.Max(weight, 0), 0.999) }
}

// WithFramework names the training framework (pytorch, keras, ...) shown in
// the header, for a format the user forced. The remedies' framework is the
// pipeline's: the format's.
func WithFramework(name string) Option { return func(c *config) { c.framework = name } }

// WithFromEnd says the source skips what the log held at start (--from-end),
// so that the monitor does not call the skipped bytes unread ones.
func WithFromEnd(on bool) Option { return func(c *config) { c.fromEnd = on } }

// WithDebugLog writes a debug log (log/slog, text) to path.
func WithDebugLog(path string) Option { return func(c *config) { c.debugLog = path } }

// withRenderer sets the lipgloss renderer, and with it the colour profile.
func withRenderer(r *lipgloss.Renderer) Option { return func(c *config) { c.renderer = r } }

// withClock sets the clock (tests use a fixed one).
func withClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// withOutput sets the terminal output (default standard output).
func withOutput(w io.Writer) Option { return func(c *config) { c.output = w } }

// withInput sets the terminal input (default standard input).
func withInput(r io.Reader) Option { return func(c *config) { c.input = r } }

// withExportDir sets the folder `e` writes CSV files to (default: the
// current folder).
func withExportDir(dir string) Option { return func(c *config) { c.exportDir = dir } }

// withCapacity sets how many entries the series store keeps per level.
func withCapacity(n int) Option { return func(c *config) { c.capacity = n } }

// withMouse turns mouse support (drag to mark a segment) on or off.
func withMouse(on bool) Option { return func(c *config) { c.mouse = on } }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
