package decode

import (
	"encoding/binary"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of tensorflow's tensor.proto (TensorProto) and
// tensor_shape.proto, as kept in tensorboard/compat/proto.
const (
	tensorDtype     = 1  // DataType
	tensorShape     = 2  // TensorShapeProto
	tensorContent   = 4  // bytes, raw little-endian values
	tensorFloatVal  = 5  // repeated float
	tensorDoubleVal = 6  // repeated double
	tensorIntVal    = 7  // repeated int32
	tensorInt64Val  = 10 // repeated int64
	tensorHalfVal   = 13 // repeated int32 holding float16/bfloat16 bits
	shapeDim        = 2  // repeated Dim
	dimSize         = 1  // int64
)

// DataType values of types.proto that can hold a scalar metric.
const (
	dtFloat    = 1
	dtDouble   = 2
	dtInt32    = 3
	dtInt64    = 9
	dtBfloat16 = 14
	dtHalf     = 19
)

// tensorValues collects the parts of a TensorProto that matter for a scalar.
type tensorValues struct {
	dtype   uint64
	content []byte
	// val holds the first value of whichever xxx_val field is set; count says
	// how many values there were.
	val    float64
	count  int
	single bool // the shape has exactly one element (rank 0, or all dims 1)
}

// tensorScalar returns the value of a TensorProto that holds exactly one
// number of a numeric dtype (torch and tf2 write scalars as rank-0 float
// tensors). ok is false for anything else: strings, histograms, images, or
// invalid protobuf.
func tensorScalar(b []byte) (v float64, ok bool) {
	t := tensorValues{single: true}
	valid := eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) (n int) {
		switch {
		case num == tensorDtype && typ == protowire.VarintType:
			t.dtype, n = protowire.ConsumeVarint(b)
		case num == tensorShape && typ == protowire.BytesType:
			var s []byte
			s, n = protowire.ConsumeBytes(b)
			if n >= 0 && !shapeSingle(s) {
				t.single = false
			}
		case num == tensorContent && typ == protowire.BytesType:
			t.content, n = protowire.ConsumeBytes(b)
		case num == tensorFloatVal || num == tensorDoubleVal || num == tensorIntVal ||
			num == tensorInt64Val || num == tensorHalfVal:
			n = t.repeated(num, typ, b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		return n
	})
	if !valid {
		return 0, false
	}
	return t.scalar()
}

// repeated reads one occurrence of a repeated numeric field, packed or not,
// and returns the bytes consumed (negative when invalid).
func (t *tensorValues) repeated(num protowire.Number, typ protowire.Type, b []byte) int {
	if typ == protowire.BytesType {
		packed, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return n
		}
		for len(packed) > 0 {
			m := t.element(num, elementType(num), packed)
			if m < 0 {
				return m
			}
			packed = packed[m:]
		}
		return n
	}
	if typ != elementType(num) {
		return protowire.ConsumeFieldValue(num, typ, b)
	}
	return t.element(num, typ, b)
}

// elementType is the wire type of one element of a repeated numeric field.
func elementType(num protowire.Number) protowire.Type {
	switch num {
	case tensorFloatVal:
		return protowire.Fixed32Type
	case tensorDoubleVal:
		return protowire.Fixed64Type
	}
	return protowire.VarintType
}

// element reads one value of field num.
func (t *tensorValues) element(num protowire.Number, typ protowire.Type, b []byte) int {
	var v float64
	var n int
	switch typ {
	case protowire.Fixed32Type:
		var x uint32
		x, n = protowire.ConsumeFixed32(b)
		v = float64(math.Float32frombits(x))
	case protowire.Fixed64Type:
		var x uint64
		x, n = protowire.ConsumeFixed64(b)
		v = math.Float64frombits(x)
	default:
		var x uint64
		x, n = protowire.ConsumeVarint(b)
		switch num {
		case tensorHalfVal:
			v = float64(uint16(x)) // bits, decoded by scalar once dtype is known
		case tensorIntVal:
			v = float64(int32(x))
		default:
			v = float64(int64(x))
		}
	}
	if n >= 0 {
		if t.count == 0 {
			t.val = v
		}
		t.count++
	}
	return n
}

// scalar interprets what was collected according to the dtype.
func (t *tensorValues) scalar() (float64, bool) {
	if !t.single {
		return 0, false
	}
	if len(t.content) > 0 {
		return contentScalar(t.dtype, t.content)
	}
	if t.count != 1 {
		return 0, false
	}
	switch t.dtype {
	case dtFloat, dtDouble, dtInt32, dtInt64:
		return t.val, true
	case dtHalf:
		return halfToFloat(uint16(t.val)), true
	case dtBfloat16:
		return float64(math.Float32frombits(uint32(uint16(t.val)) << 16)), true
	}
	return 0, false
}

// contentScalar decodes tensor_content holding exactly one value.
func contentScalar(dtype uint64, c []byte) (float64, bool) {
	switch {
	case dtype == dtFloat && len(c) == 4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(c))), true
	case dtype == dtDouble && len(c) == 8:
		return math.Float64frombits(binary.LittleEndian.Uint64(c)), true
	case dtype == dtInt32 && len(c) == 4:
		return float64(int32(binary.LittleEndian.Uint32(c))), true
	case dtype == dtInt64 && len(c) == 8:
		return float64(int64(binary.LittleEndian.Uint64(c))), true
	case dtype == dtHalf && len(c) == 2:
		return halfToFloat(binary.LittleEndian.Uint16(c)), true
	case dtype == dtBfloat16 && len(c) == 2:
		return float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(c)) << 16)), true
	}
	return 0, false
}

// shapeSingle reports whether a TensorShapeProto describes one element:
// rank 0, or every dimension of size 1. Invalid bytes count as not single.
func shapeSingle(b []byte) bool {
	return eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) int {
		if num != shapeDim || typ != protowire.BytesType {
			return protowire.ConsumeFieldValue(num, typ, b)
		}
		dim, n := protowire.ConsumeBytes(b)
		if n >= 0 && dimSizeOf(dim) != 1 {
			return -1 // a dimension other than 1 ends the walk, as invalid bytes do
		}
		return n
	})
}

// dimSizeOf returns TensorShapeProto.Dim.size (0 when absent, -1 when invalid).
func dimSizeOf(b []byte) int64 {
	size := int64(0)
	valid := eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) int {
		if num != dimSize || typ != protowire.VarintType {
			return protowire.ConsumeFieldValue(num, typ, b)
		}
		v, n := protowire.ConsumeVarint(b)
		size = int64(v)
		return n
	})
	if !valid {
		return -1
	}
	return size
}

// eachField walks the fields of a protobuf message. field gets each field's
// number, wire type and the bytes after its tag, and returns how many of
// them it consumed (protowire.ConsumeFieldValue for a field it does not
// read), or a negative number to stop the walk. eachField reports whether
// the walk reached the end: false for invalid protobuf or a stop.
func eachField(b []byte, field func(num protowire.Number, typ protowire.Type, b []byte) int) bool {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if n = field(num, typ, b); n < 0 {
			return false
		}
		b = b[n:]
	}
	return true
}

// halfToFloat decodes an IEEE 754 binary16 value.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}

// summaryScalar decodes a Summary.Value. ok reports whether it is a scalar
// (a simple_value, or a tensor holding a single number); valid is false when
// it is not valid protobuf.
func (d *tfeventsDecoder) summaryScalar(b []byte) (m Metric, role fieldRole, ok, valid bool) {
	if tag, v, simple := simpleValue(b); simple {
		f := d.names.lookup(tag)
		return Metric{Name: f.name, Value: v}, f.role, f.name != "", true
	}
	return d.walkSummaryValue(b)
}

// walkSummaryValue is summaryScalar for any layout of the Summary.Value.
func (d *tfeventsDecoder) walkSummaryValue(b []byte) (m Metric, role fieldRole, ok, valid bool) {
	var tag, node []byte
	valid = eachField(b, func(num protowire.Number, typ protowire.Type, b []byte) (n int) {
		switch {
		case num == valueTag && typ == protowire.BytesType:
			tag, n = protowire.ConsumeBytes(b)
		case num == valueNodeName && typ == protowire.BytesType:
			node, n = protowire.ConsumeBytes(b)
		case num == valueSimpleValue && typ == protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			m.Value, ok = float64(math.Float32frombits(v)), true
		case num == valueTensor && typ == protowire.BytesType:
			var t []byte
			t, n = protowire.ConsumeBytes(b)
			if n >= 0 {
				m.Value, ok = tensorScalar(t)
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		return n
	})
	if !valid {
		return m, roleMetric, false, false
	}
	if len(tag) == 0 {
		tag = node
	}
	f := d.names.lookup(tag)
	m.Name = f.name
	return m, f.role, ok && m.Name != "", true
}
