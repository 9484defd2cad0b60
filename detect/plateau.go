package detect

import (
	"fmt"
	"math"
)

// plateauRemedies are the remedies for a loss that does not fall, by family:
// a small network stuck at chance is given capacity and initialisation
// advice; a pretrained transformer, a language model or a detector, whose
// architecture is given, the settings and data checks that fit it.
func (x remedyContext) plateauRemedies(add func(Remedy)) {
	switch x.p.family {
	case FamilyTransformer:
		x.transformerPlateau(add)
	case FamilyLanguageModel:
		x.languageModelPlateau(add)
	case FamilyDetector:
		x.detectorPlateau(add)
	default:
		x.smallNetPlateau(add)
	}
}

func (x remedyContext) smallNetPlateau(add func(Remedy)) {
	j := x.j
	if j.chance > 0 {
		add(x.fixed(remReinit, fmt.Sprintf("the loss sits at ln %d = %s, what a network that outputs the same for every input scores: the weights or the initialisation give it no signal", j.chance, num(j.end))))
		add(x.fixed(remLeaky, "ReLUs that only ever see negative input output 0 and get no gradient (dead ReLUs); LeakyReLU keeps a small slope"))
		add(x.changeLR(10, math.NaN(), "no progress at all may also mean the steps are far too small"))
		add(x.fixed(remWider, "a network with too few hidden units cannot do better than chance on a hard task"))
		return
	}
	add(x.changeLR(10, math.NaN(), x.improvedOnly()+": the steps may be far too small"))
	add(x.fixed(remWider, "a network with too few hidden units levels off early"))
	if r := x.optimizerAdvice("Adam adapts the step size per weight and escapes flat regions faster"); r != nil {
		add(*r)
	}
	add(x.fixed(remReinit, "a bad initialisation (too large, or saturating sigmoid/tanh units) can leave the network stuck"))
	add(checkData("if the labels are noisy or the inputs carry little signal, " + x.dir("the loss cannot fall", x.name()+" cannot rise") + " much further"))
}

// transformerPlateau: a fine-tune that never leaves chance usually has
// labels that do not reach it, or pretrained weights wrecked by its first
// large updates (fine-tuning instability), which a smaller peak rate with a
// warm-up avoids; one that stalls above chance may need larger steps.
func (x remedyContext) transformerPlateau(add func(Remedy)) {
	j := x.j
	if j.chance > 0 {
		add(x.checkLabels(j.chance, x.because(fmt.Sprintf("the loss sits at ln %d = %s, what a model that predicts every class alike scores: check first that the labels and the classification head match the task", j.chance, num(j.end)))))
		add(x.changeLR(1.0/3, math.NaN(), "a pretrained transformer that stays at chance was often thrown off by its first large updates (fine-tuning instability); a smaller peak rate with a warm-up keeps the pretrained features"))
		x.warmup(add, "the first updates of a fine-tune are the ones that can wreck the pretrained weights")
		add(Remedy{ID: "more-data", Title: "Check the tokenised inputs",
			Why: "inputs truncated before the part that decides the answer (max_length), or a text column that is not the one the model is fed, leave nothing to learn"})
		return
	}
	add(x.changeLR(3, math.NaN(), x.because(x.improvedOnly()+": the fine-tune's steps may be too small")))
	add(x.fixed(remMoreEpochs, "a fine-tune that has not moved yet may need more steps at a working rate"))
	add(checkData("if the labels are noisy or the inputs carry little signal, " + x.dir("the loss cannot fall", x.name()+" cannot rise") + " much further"))
}

func (x remedyContext) languageModelPlateau(add func(Remedy)) {
	add(x.changeLR(3, math.NaN(), x.because(x.improvedOnly()+": the steps may be too small")))
	x.warmup(add, "without a warm-up a language model can stall in its first steps")
	add(checkData("a data pipeline that repeats one shard, or tokens that do not match the vocabulary, leaves a language model nothing to learn"))
}

func (x remedyContext) detectorPlateau(add func(Remedy)) {
	add(x.changeLR(3, math.NaN(), x.because(x.improvedOnly()+": the steps may be too small")))
	add(x.fixed(remPretrained, "a detector trained from scratch on a small data set stalls; pretrained weights give it features to start from"))
	add(Remedy{ID: "more-data", Title: "Check the annotations",
		Why: "class ids that do not match the config's number of classes, or boxes in the wrong format (xywh vs xyxy, pixels vs normalised), leave the detector nothing to learn"})
}

// checkData is the remedy that asks to look at the labels and the data.
func checkData(why string) Remedy {
	return Remedy{ID: "more-data", Title: "Check the labels and the data", Why: why}
}
