package decode

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// kvFormFixtures are text logs in the forms of tools whose logs losswatch
// could not read before: OpenMMLab (mmcv and MMEngine), PyTorch's ImageNet
// and MNIST examples, Megatron-LM, Caffe, scikit-learn, Keras 2's verbose=2,
// CSV with semicolons or pandas' index column.
var kvFormFixtures = []fixtureTest{
	{"mmengine.log", FormatKVText, 16, 4, 12, "loss",
		// "Epoch(train) [2][50/925]" is step 925+50; the environment dump,
		// the checkpoint message and the evaluation's progress line (only
		// timings) give nothing
		[]point{{50, 2.1632}, {100, 2.0012}, {975, 1.8012}}, map[string]int64{"no metric": 11, "no step": 1}},
	{"mmengine.log", FormatKVText, 16, 4, 12, "coco/bbox_mAP",
		// the evaluation is placed at the latest training step
		[]point{{100, 0.012}}, nil},
	{"mmcv.log", FormatKVText, 6, 4, 2, "loss", []point{{50, 1.8849}, {100, 1.13}, {7380, 0.8649}}, nil},
	{"mmcv.log", FormatKVText, 6, 4, 2, "bbox_mAP", []point{{100, 0.213}}, nil},
	{"imagenet.log", FormatKVText, 6, 3, 3, "Loss",
		// the test pass's lines have no training step of their own
		[]point{{0, 7.0098}, {10, 6.938}, {5005, 5.462}}, map[string]int64{"no metric": 2, "no step": 1}},
	{"megatron.log", FormatKVText, 3, 3, 0, "lm loss", []point{{10, 10.9372}, {20, 10.21431}}, nil},
	{"megatron.log", FormatKVText, 3, 3, 0, "grad norm", []point{{10, 8.123}, {20, 5.412}}, nil},
	// "validation loss at iteration 20 | lm loss value: …": the validation
	// loss of "lm loss", so that the detector pairs them
	{"megatron.log", FormatKVText, 3, 3, 0, "val lm loss", []point{{20, 9.876543}}, nil},
	{"caffe.log", FormatKVText, 5, 4, 1, "loss", []point{{0, 2.30259}, {100, 0.252715}}, nil},
	{"caffe.log", FormatKVText, 5, 4, 1, "lr", []point{{0, 0.01}, {100, 0.00992565}}, nil},
	{"mnist.log", FormatKVText, 11, 7, 4, "Loss",
		// "Train Epoch: 2 [30000/60000 (50%)]" counts the epoch's samples
		[]point{{0, 2.300953}, {30000, 0.56212}, {59520, 0.271394}, {60000, 0.212114}, {90000, 0.15323}},
		map[string]int64{"blank": 4}},
	{"mnist.log", FormatKVText, 11, 7, 4, "val_loss",
		// "Test set: …" is placed at the latest training step
		[]point{{59520, 0.101}, {90000, 0.0622}}, nil},
	// Keras 2's fit(verbose=2): no progress counter before the metrics
	{"keras2-verbose2.log", FormatKerasStdout, 7, 3, 4, "val_loss", []point{{1, 0.1311}, {2, 0.0913}, {3, 0.0794}}, nil},
	// CSVLogger(separator=";")
	{"keras-semicolon.csv", FormatKerasCSV, 4, 3, 1, "val_loss", []point{{0, 0.3312}, {1, 0.2711}, {2, 0.2602}}, nil},
	// pd.DataFrame(history.history).to_csv(…): the unnamed first column is
	// the row index
	{"pandas-history.csv", FormatCSV, 4, 3, 1, "loss", []point{{0, 0.5321}, {1, 0.3012}, {2, 0.2434}}, nil},
	// PyTorch's word language model: the batches of the epoch, and the
	// end of the epoch's validation at the latest training step
	{"word-lm.log", FormatFairseq, 6, 4, 2, "loss", []point{{200, 7.61}, {400, 6.84}, {3183, 6.10}}, nil},
	{"word-lm.log", FormatFairseq, 6, 4, 2, "valid loss", []point{{400, 6.12}}, nil},
	// llm.c's stdout: "val loss" and "HellaSwag" lines print no step and
	// go at the step before them (0 before the first)
	{"llmc-stdout.log", FormatNanoGPT, 6, 6, 0, "val_loss", []point{{0, 10.987654}, {2, 10.387654}}, nil},
	{"llmc-stdout.log", FormatNanoGPT, 6, 6, 0, "hellaswag", []point{{0, 0.248954}}, nil},
	{"llmc-stdout.log", FormatNanoGPT, 6, 6, 0, "train_loss", []point{{1, 11.012345}, {2, 10.512345}, {3, 10.012345}}, nil},
	{"sklearn.txt", FormatKVText, 4, 3, 1, "loss", []point{{1, 2.29817425}, {2, 1.40311532}, {3, 0.91215633}}, nil},
}

// TestKVFormsKeepOnlyMetrics: the counters, timings and source locations
// of these logs are never metrics.
func TestKVFormsKeepOnlyMetrics(t *testing.T) {
	want := map[string][]string{
		"mmengine.log": {"base_lr", "coco/bbox_mAP", "coco/bbox_mAP_50", "grad_norm", "loss", "loss_bbox", "loss_cls", "lr"},
		"megatron.log": {"grad norm", "learning rate", "lm loss", "loss scale", "val lm PPL", "val lm loss"},
		"caffe.log":    {"loss", "lr"},
		"imagenet.log": {"Acc@1", "Acc@5", "Loss"},
	}
	for file, names := range want {
		_, recs := decodeFile(t, "testdata/formats/"+file)
		if got := metricNames(recs); !slices.Equal(got, names) {
			t.Errorf("%s: metrics %q, want %q", file, got, names)
		}
	}
}

// metricNames returns the sorted names of the metrics of recs.
func metricNames(recs []Record) []string {
	var names []string
	for _, r := range recs {
		for _, m := range r.Metrics {
			if !slices.Contains(names, m.Name) {
				names = append(names, m.Name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// TestKVLineForms reads single lines of the forms the grammar learned.
func TestKVLineForms(t *testing.T) {
	for _, tc := range []struct {
		line  string
		step  float64
		names []string // sorted; nil: the line gives no record
	}{
		{"[100] train_loss=2.3, learning_rate=0.001", 100, []string{"learning_rate", "train_loss"}},
		{"I0101 10:00:00.000000 140000 logging_writer.py:48] [200] train_loss=2.1", 200, []string{"train_loss"}},
		{"INFO:tensorflow:loss = 2.3, step = 100 (0.1 sec)", 100, []string{"loss"}},
		{"Step 1 | loss:2.3 lr:2e-05 tokens_per_second_per_gpu:1234.5", 1, []string{"loss", "lr"}},
		{"steps: 10 loss: 2.3 iter time (s): 0.5 samples/sec: 64.000", 10, []string{"loss"}},
		{"[2024-01-01 10:00:00,000] [INFO] [logging.py:96:log_dist] [Rank 0] step=10, skipped=0, lr=[0.0001]", 0, nil},
		{"INFO:root:Epoch[0] Batch [100]\tSpeed: 1234.56 samples/sec\tcross-entropy=0.69", 100, []string{"cross-entropy"}},
		{"[7]\ttraining's binary_logloss: 0.51\tvalid_1's binary_logloss: 0.55", 7, []string{"training's binary_logloss", "valid_1's binary_logloss"}},
		{"Iter(train) [  50/40000]  lr: 1.0000e-02  eta: 3:21:10  time: 0.3  loss: 1.2034", 50, []string{"loss", "lr"}},
		{"Epoch(test) [1][10/10]  loss: 0.9", 0, []string{"val_loss"}},
		{"saving the model at the end of epoch 2, iters 800", 0, nil},
		{"\x1b[1mEpoch 3\x1b[0m, \x1b[33mloss\x1b[0m: 0.52", 3, []string{"loss"}},
		{"step:1001/3000 train_loss:3.2810 train_time:98765ms step_avg:98.77ms", 1001, []string{"train_loss"}},
		{"iter_dt 12.34ms; iter 100: train loss 2.34567", 100, []string{"train loss"}},
		{"[10/08 12:01:02 d2.utils.events]:  eta: 0:10:01  iter: 19  total_loss: 2.1  lr: 0.0004  max_mem: 2651M", 19, []string{"lr", "total_loss"}},
		{"[1,  2000] loss: 2.192", 2000, []string{"loss"}},
		{"[1/5][0/469]\tLoss_D: 1.3863\tLoss_G: 0.6931\tD(x): 0.5\tD(G(z)): 0.5 / 0.5", 0, []string{"Loss_D", "Loss_G"}},
		{"Train Epoch: 2 [10000/60000 (17%)]\tLoss: 0.3", 70000, []string{"Loss"}},
		{"Test set: Average loss: 0.0527, Accuracy: 9829/10000 (98%)", 0, []string{"Accuracy", "val_loss"}},
		{"Test: [ 10/196]\tTime  0.3 ( 0.5)\tLoss 6.5e+00 (6.5e+00)", 0, nil},
		{"epoch 2, loss 2.3589, train acc 0.505, test acc 0.600", 2, []string{"loss", "test acc", "train acc"}},
		{"Epoch 1 Batch 100 Loss 2.3554", 100, []string{"Loss"}},
		{"Ep 2 (Step 000050): Train loss 2.353, Val loss 2.367", 50, []string{"Train loss", "Val loss"}},
		{"Iter 10/600 | loss 2.3518", 10, []string{"loss"}},
		{"Epoch 3, Val Acc: 50.00%, loss 0.3", 3, []string{"Val Acc", "loss"}},
		{"Epoch 2, Train Loss: 2.36, Val Loss: 2.40", 2, []string{"Train Loss", "Val Loss"}},
		{"2024-01-01 10:00:00,000 INFO Epoch: 2/60 Train Loss: 2.3517 Val Loss: 2.4017", 2, []string{"Train Loss", "Val Loss"}},
		{"Epoch [2/60] Train Loss: 2.3517, Train Acc: 90.00%, Val Loss: 2.4017", 2, []string{"Train Acc", "Train Loss", "Val Loss"}},
		{"Epoch:  2 | Train Loss:2.3517 | Val Loss:2.4017", 2, []string{"Train Loss", "Val Loss"}},
		{"Epoch: [1/6], Batch Num: [100/600], Discriminator Loss: 1.2, Generator Loss: 0.8", 100, []string{"Discriminator Loss", "Generator Loss"}},
		{">> Epoch 2 finished. Loss: 2.3517", 2, []string{"Loss"}},
		{"Training epoch 2: average loss = 2.3517", 2, []string{"average loss"}},
		{"global step 100: loss 2.3517", 100, []string{"loss"}},
		{"[Epoch 0/6] [Batch 100/938] [D loss: 0.6] [G loss: 0.7]", 100, []string{"D loss", "G loss"}},
		{"Saved checkpoint_best.pt (epoch 1 @ 479 updates, score 6.389) (writing took 2.7 seconds)", 0, nil},
		{"eta: 2 days, 3:19:10, epoch 1, loss 0.5", 0, nil},
		{"Epoch 3 finished, loss 0.5", 0, nil},
	} {
		var p kvParser
		recs, r := p.parse([]byte(tc.line), 1, nil)
		if tc.names == nil {
			if r == reasonNone {
				t.Errorf("%q gave %v", tc.line, recs)
			}
			continue
		}
		if r != reasonNone {
			t.Errorf("%q: skipped (%v)", tc.line, r)
			continue
		}
		if got := metricNames(recs); recs[0].Step != tc.step || !slices.Equal(got, tc.names) {
			t.Errorf("%q: step %v, metrics %q; want %v, %q", tc.line, recs[0].Step, got, tc.step, tc.names)
		}
	}
}

// TestIterationsOfARunPlanIt: "Iter(train) [50/40000]" plans 40000 steps.
func TestIterationsOfARunPlanIt(t *testing.T) {
	d := NewDecoder(FormatKVText, "x")
	decodeWith(t, d, []byte("Iter(train) [  50/40000]  lr: 1.0e-02  loss: 1.2\nIter(train) [ 100/40000]  lr: 1.0e-02  loss: 1.1\n"), 0)
	if st := d.Stats(); st.Horizon != 40000 || st.Unit != UnitStep {
		t.Errorf("horizon %v %q, want 40000 steps", st.Horizon, st.Unit)
	}
}

// TestEvaluationGoesToTheLatestTrainingStep: an evaluation's line is placed
// at the step of the training line before it, which a line with a step and
// no metric ("Iteration 1000, Testing net") moves too.
func TestEvaluationGoesToTheLatestTrainingStep(t *testing.T) {
	d := NewDecoder(FormatKVText, "x")
	recs := decodeWith(t, d, []byte("Epoch(val) [1][5/5]  loss: 0.95\n"+
		"Epoch(train) [1][10/20]  loss: 0.9\n"+
		"Epoch(val) [1][5/5]  loss: 0.8  acc: 0.5\n"+
		"Epoch(train) [2][10/20]  loss: 0.7\n"), 0)
	if got, want := series(recs, "val_loss"), []point{{0, 0.95}, {10, 0.8}}; !samePoints(got, want) {
		t.Errorf("val_loss = %v, want %v", got, want)
	}
	if got, want := series(recs, "loss"), []point{{10, 0.9}, {30, 0.7}}; !samePoints(got, want) {
		t.Errorf("loss = %v, want %v", got, want)
	}
}

// TestTensorBoardExportNamedByItsTag: TensorBoard's CSV download of a
// scalar ("Wall time,Step,Value") names the scalar only in its file name;
// the Value column takes that name, recognised or forced, so that an
// accuracy is known to be one.
func TestTensorBoardExportNamedByItsTag(t *testing.T) {
	data := []byte("Wall time,Step,Value\n1600000000.5,10,0.5\n1600000001.5,20,0.7\n")
	for _, tc := range []struct{ file, want string }{
		{"run-version_0-tag-val_accuracy.csv", "val_accuracy"},
		{"dir/run-train-tag-epoch_loss.csv", "epoch_loss"},
		{"export.csv", "Value"},
		{"run-x-tag-loss.txt", "Value"},
	} {
		for _, format := range []Format{"", FormatCSV} {
			recs := decodeWith(t, NewDecoder(format, tc.file), data, 7)
			if got := metricNames(recs); !slices.Equal(got, []string{tc.want}) {
				t.Errorf("%s (%q): metrics %q, want %q", tc.file, format, got, tc.want)
			}
		}
	}
}

// TestKerasValidationEventsAreValidation: Keras' TensorBoard callback
// writes "epoch_loss" both in train/ and in validation/; the scalars of an
// event file in an evaluation's folder are named as the validation's,
// unless their tags already say so, on one core or several.
func TestKerasValidationEventsAreValidation(t *testing.T) {
	data := readFile(t, "testdata/tfevents/events.out.tfevents.1700000000.fixture.42.0")
	plain := metricNames(decodeWith(t, NewDecoder("", "logs/train/events.out.tfevents.1"), data, 1<<20))
	if len(plain) == 0 {
		t.Fatal("the fixture has no scalars")
	}
	for _, size := range []int{3, 1 << 20} {
		got := metricNames(decodeWith(t, NewDecoder("", "logs/validation/events.out.tfevents.1"), data, size))
		var want []string
		for _, n := range plain {
			if !evalNamed(n) {
				n = "val_" + n
			}
			want = append(want, n)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("chunks of %d: %q, want %q", size, got, want)
		}
	}
}

// TestLLMCEvaluationsOnSeveralCores: llm.c's evaluation lines go at the
// step before them also when a run of lines is cut into pieces parsed on
// several cores (placed in log order after the pieces are joined).
func TestLLMCEvaluationsOnSeveralCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var b bytes.Buffer
	for s := 1; s <= 6000; s++ {
		fmt.Fprintf(&b, "step %4d/6000 | train loss %.6f | norm 1.2345 | lr 6.00e-04 | 300.00 ms | 50.0%% bf16 MFU | 100000 tok/s\n", s, 3+8/float64(s))
		if s%250 == 0 {
			fmt.Fprintf(&b, "val loss %.6f\nHellaSwag: 2500/10042 = %.6f\n", 3.1+8/float64(s), 0.25+float64(s)/1e5)
		}
	}
	log := b.Bytes()
	want := decodeWith(t, NewDecoder(FormatNanoGPT, "x"), log, 4096) // runs too short to split
	got := decodeWith(t, NewDecoder(FormatNanoGPT, "x"), log, len(log))
	if !slices.EqualFunc(got, want, sameRecord) {
		t.Fatalf("%d records on several cores, %d line by line, or they differ", len(got), len(want))
	}
	val := series(got, "val_loss")
	if len(val) != 24 || val[0].step != 250 || val[23].step != 6000 {
		t.Errorf("val_loss at %v", val)
	}
}
