package decode

// Names for recognition of the whole-input formats, whose exported
// constants live beside their decoders.
const (
	tfeventsFormat     = FormatTFEvents
	trainerStateFormat = FormatTrainerState
)

// binaryFormats lists the formats read by whole-input decoders.
func binaryFormats() []Format { return []Format{FormatTFEvents, FormatTrainerState} }

// newBinaryDecoder returns the decoder of a whole-input format, or nil when
// f is not one.
func newBinaryDecoder(f Format, name string) Decoder {
	switch f {
	case FormatTFEvents:
		return newTFEventsDecoder(name)
	case FormatTrainerState:
		return newTrainerStateDecoder()
	}
	return nil
}
