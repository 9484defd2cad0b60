package decode

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// FormatTFEvents is a TensorBoard event file (events.out.tfevents.*): a
// TFRecord stream of tensorflow.Event protocol buffers.
const FormatTFEvents Format = "tfevents"

// maxFrameBytes caps the frames the decoder holds and decodes. A longer
// frame (a large image or graph summary) is passed over as it streams by,
// its checksum verified, and counted as "no scalar": a damaged length can
// never make the decoder hold or allocate more than this.
const maxFrameBytes = 16 << 20

// A TFRecord frame is
//
//	uint64 length, uint32 masked CRC-32C of length, data, uint32 masked CRC-32C of data
//
// all little-endian.
const (
	frameHeader  = 12
	frameTrailer = 4
)

// tfeventsDecoder reads a TensorBoard event file.
//
// Counting: a frame is the unit counted in Stats.Lines. Every frame becomes
// a record (an Event with at least one scalar) or is skipped with a reason
// ("file version", "graph", "no scalar", "bad crc", "malformed", ...). A run
// of bytes that is not a frame (a damaged header) counts as one skipped
// "corrupt" unit however long it is, and so does an incomplete frame at the
// end of the input or dropped by Restart ("incomplete"). Hence Lines == Records + Skipped. Record.Line
// is 0: the format has no lines.
type tfeventsDecoder struct {
	table *crc32.Table
	// held is the start of a frame whose remaining bytes have not arrived.
	// It never holds more than one frame, so never more than maxFrameBytes
	// plus the framing.
	held []byte
	// resyncing is true while skipping damaged bytes in search of the next
	// valid frame header; the stretch was already counted once.
	resyncing bool
	// arena holds the metrics of the records handed out, carved into
	// slices of full capacity so that appending to one cannot overwrite
	// another; a new arena is started when it is nearly full. (An event
	// with many values may make append move the arena: the slices carved
	// before keep the old array.)
	arena []Metric
	names nameTable // sanitised tags and their roles
	// epoch is the latest value of an "epoch" tag (Lightning logs one),
	// the epoch of the records that follow, when hasEpoch.
	epoch    float64
	hasEpoch bool
	// context is true when the event being read had a scalar that is a
	// counter or the epoch: not a metric.
	context bool
	stats   Stats
	big     *bigFrame // a frame over maxFrameBytes being passed over, or nil
	pieces  []tfPiece // the pieces of a long run after the first (tfparallel.go)
	// inherits is true while a fork has read no epoch of its own: its
	// records take the epoch in force before its piece, known at the join;
	// inherited counts them.
	inherits  bool
	inherited int
}

// newTFEventsDecoder returns the decoder of the event file at path (its
// folder can say its scalars are an evaluation's: see evalFolderPrefix).
func newTFEventsDecoder(path string) Decoder {
	return &tfeventsDecoder{
		table: crc32.MakeTable(crc32.Castagnoli),
		stats: Stats{SkipReasons: map[string]int64{}},
		names: nameTable{prefix: evalFolderPrefix(path)},
	}
}

func (d *tfeventsDecoder) Format() Format { return FormatTFEvents }

func (d *tfeventsDecoder) Stats() Stats {
	st := d.stats.Clone()
	if st.Records > 0 {
		st.Unit = UnitStep // an event's step is the global step
	}
	return st
}

// Restart drops a partly read frame (counted as "incomplete"): the file
// starts again at its first byte, which is the start of a frame.
func (d *tfeventsDecoder) Restart() {
	if (len(d.held) > 0 && !d.resyncing) || d.big != nil {
		d.skip(reasonIncomplete.String())
	}
	d.big = nil
	d.held = d.held[:0]
	d.resyncing = false
}

// Feed decodes every frame that p completes. Complete frames are decoded
// straight from p; only the incomplete tail is copied and held.
func (d *tfeventsDecoder) Feed(p []byte, dst []Record) []Record {
	d.stats.Bytes += int64(len(p))
	for len(p) > 0 {
		if len(d.held) == 0 {
			n := 0
			n, dst = d.decodeRun(p, dst)
			d.held = append(d.held, p[n:]...)
			return dst
		}
		// Complete the held unit with as few bytes as it needs, then decode.
		take := min(d.need(), len(p))
		d.held = append(d.held, p[:take]...)
		p = p[take:]
		n := 0
		n, dst = d.frames(d.held, dst)
		if n > 0 {
			d.held = d.held[:copy(d.held, d.held[n:])]
		}
		if len(d.held) == 0 && cap(d.held) > 1<<20 {
			d.held = nil // do not keep a large frame's buffer for good
		}
	}
	return dst
}

// Flush counts what is held as an incomplete frame: the input has ended.
func (d *tfeventsDecoder) Flush(dst []Record) []Record {
	d.Restart()
	return dst
}

// need returns how many more bytes the held unit needs before frames can
// make progress on it. frames leaves behind either fewer than a header's
// bytes, or a valid header whose frame is incomplete.
func (d *tfeventsDecoder) need() int {
	if len(d.held) < frameHeader {
		return frameHeader - len(d.held)
	}
	n := binary.LittleEndian.Uint64(d.held)
	return frameHeader + int(n) + frameTrailer - len(d.held)
}

// frames decodes the complete frames at the start of buf and returns how
// many bytes it consumed. What is left is an incomplete frame (or fewer than
// frameHeader bytes), to be held until more arrives.
func (d *tfeventsDecoder) frames(buf []byte, dst []Record) (int, []Record) {
	off := 0
	if d.big != nil {
		if off = d.passBig(buf); d.big != nil {
			return off, dst
		}
	}
	for len(buf)-off >= frameHeader {
		length, ok := d.header(buf[off:])
		if !ok {
			// Damaged header: count the stretch once and look for the next
			// valid header one byte further on. Each position costs one
			// CRC of 8 bytes, so the scan is linear and never waits for
			// more than a header's bytes.
			if !d.resyncing {
				d.resyncing = true
				d.skip("corrupt")
			}
			off++
			continue
		}
		d.resyncing = false
		if length > maxFrameBytes {
			d.big = &bigFrame{left: int64(length)}
			off += frameHeader
			if off += d.passBig(buf[off:]); d.big != nil {
				return off, dst
			}
			continue
		}
		end := off + frameHeader + length + frameTrailer
		if end > len(buf) {
			break
		}
		data := buf[off+frameHeader : off+frameHeader+length]
		if binary.LittleEndian.Uint32(buf[end-frameTrailer:]) != d.mask(crc32.Checksum(data, d.table)) {
			d.skip("bad crc")
		} else {
			dst = d.event(data, dst)
		}
		off = end
	}
	return off, dst
}

// header checks the frame header at the start of b and returns the data
// length; ok is false when the length's CRC does not match or the length is
// absurd.
func (d *tfeventsDecoder) header(b []byte) (length int, ok bool) {
	n := binary.LittleEndian.Uint64(b)
	if binary.LittleEndian.Uint32(b[8:]) != d.mask(crc32.Checksum(b[:8], d.table)) {
		return 0, false
	}
	if n > maxBigFrameBytes {
		return 0, false
	}
	return int(n), true
}

// mask is TFRecord's CRC masking, which keeps a CRC of data that itself
// contains CRCs from being trivially zero.
func (d *tfeventsDecoder) mask(crc uint32) uint32 {
	return ((crc >> 15) | (crc << 17)) + 0xa282ead8
}

func (d *tfeventsDecoder) skip(reason string) {
	d.stats.Lines++
	d.stats.Skipped++
	d.stats.SkipReasons[reason]++
}

// Field numbers of tensorflow/core/util/event.proto (tensorboard/compat/proto).
const (
	eventWallTime       = 1 // double
	eventStep           = 2 // int64
	eventFileVersion    = 3 // string
	eventGraphDef       = 4 // bytes
	eventSummary        = 5 // Summary
	eventLogMessage     = 6 // LogMessage (deprecated)
	eventSessionLog     = 7 // SessionLog
	eventTaggedMetadata = 8 // TaggedRunMetadata
	eventMetaGraphDef   = 9 // bytes
)

// Field numbers of summary.proto: Summary.value, and Summary.Value.
const (
	summaryValue     = 1 // repeated Value
	valueTag         = 1 // string
	valueSimpleValue = 2 // float
	valueNodeName    = 7 // string (old writers)
	valueTensor      = 8 // TensorProto
)

// eventWhat names the oneof field an event carries, for skip reasons.
var eventWhat = [...]string{
	eventFileVersion:    "file version",
	eventGraphDef:       "graph",
	eventLogMessage:     "log message",
	eventSessionLog:     "session log",
	eventTaggedMetadata: "run metadata",
	eventMetaGraphDef:   "graph",
}

// eventFields is what event needs of one Event message.
type eventFields struct {
	wall    float64
	step    int64
	summary []byte
	what    string // what the event holds instead of a summary, when it is named
	hasSum  bool
}

// readEvent reads the fields of one Event message; valid is false when
// the message is malformed.
func readEvent(b []byte) (ev eventFields, valid bool) {
	valid = eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) (n int) {
		switch {
		case num == eventWallTime && typ == protowire.Fixed64Type:
			var v uint64
			v, n = protowire.ConsumeFixed64(b)
			ev.wall = math.Float64frombits(v)
		case num == eventStep && typ == protowire.VarintType:
			var v uint64
			v, n = protowire.ConsumeVarint(b)
			ev.step = int64(v)
		case num == eventSummary && typ == protowire.BytesType:
			ev.summary, n = protowire.ConsumeBytes(b)
			ev.hasSum = true
		default:
			if int(num) < len(eventWhat) && eventWhat[num] != "" {
				ev.what = eventWhat[num]
			}
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		return n
	})
	return ev, valid
}

// event decodes one Event and appends its record when it carries scalars.
func (d *tfeventsDecoder) event(b []byte, dst []Record) []Record {
	ev, valid := readScalarEvent(b)
	if !valid {
		ev, valid = readEvent(b)
	}
	switch {
	case !valid:
		d.skip(reasonMalformed.String())
		return dst
	case !ev.hasSum && ev.what != "":
		d.skip(ev.what)
		return dst
	case !ev.hasSum:
		d.skip(reasonNoMetric.String())
		return dst
	}
	if cap(d.arena)-len(d.arena) < 16 {
		d.arena = make([]Metric, 0, 1024)
	}
	start := len(d.arena)
	d.context = false
	ok := d.scalars(ev.summary)
	switch {
	case !ok:
		d.skip(reasonMalformed.String())
	case len(d.arena) == start && d.context:
		d.skip(reasonNoMetric.String()) // only counters or timings
	case len(d.arena) == start:
		d.skip("no scalar")
	default:
		d.stats.Lines++
		d.stats.Records++
		if d.inherits {
			d.inherited++
		}
		end := len(d.arena)
		return append(dst, Record{Step: float64(ev.step), StepExact: exactInt(ev.step), Wall: wallNanos(wallTime(ev.wall)), Metrics: d.arena[start:end:end],
			Epoch: d.epoch, HasEpoch: d.hasEpoch})
	}
	d.arena = d.arena[:start]
	return dst
}

// wallTime converts seconds since the epoch to a time; an absurd value
// gives the zero time (no wall time).
func wallTime(sec float64) time.Time {
	if !(sec > 0 && sec < 1<<40) {
		return time.Time{}
	}
	whole, frac := math.Modf(sec)
	return time.Unix(int64(whole), int64(frac*1e9))
}

// scalars appends the scalar values of a Summary to the arena; ok is false
// when the summary is not valid protobuf (what was appended is then left
// unused).
func (d *tfeventsDecoder) scalars(b []byte) bool {
	return eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) int {
		if num != summaryValue || typ != protowire.BytesType {
			return protowire.ConsumeFieldValue(num, typ, b)
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return n
		}
		metric, role, ok, valid := d.summaryScalar(v)
		if !valid {
			return -1
		}
		switch {
		case !ok:
		case role == roleMetric:
			d.arena = append(d.arena, metric)
		case role == roleEpoch:
			d.epoch, d.hasEpoch, d.context = metric.Value, true, true
			d.inherits = false
		default:
			d.context = true
		}
		return n
	})
}
