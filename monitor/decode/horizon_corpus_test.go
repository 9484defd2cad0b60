package decode

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// corpusHorizons is the horizon each log of ../shared/corpus states, in
// the unit of its steps, checked by reading the files: every other log
// says nothing of its length and must give none.
var corpusHorizons = map[string]struct {
	horizon float64
	unit    Unit
}{
	"real/fairseq_generic/kehanlu-wav2vec2-pretrain-hydra_train.log":                {400000, UnitStep}, // 'max_update': 400000; num_updates steps
	"real/hf_trainer_state/kramcoder-smollm-sft-checkpoint32-trainer_state.json":    {96, UnitStep},     // max_steps (checkpoint at 32)
	"real/hf_trainer_state/p4p4n1ck-whisper-large-v2-ja-overfit-trainer_state.json": {5000, UnitStep},
	"real/hf_trainer_state/yuanhuanghuang-quality-lrqa-plateau-trainer_state.json":  {3140, UnitStep},
	"real/keras_stdout/derekchen14-lstm-gridsearch-overfit.log":                     {15, UnitEpoch}, // "Epoch 1/15" in every run of the grid
	"real/keras_stdout/kyotosunshine-kanji-cnn-earlystop.log":                       {10, UnitEpoch}, // "Epoch 1/10"; the last run stopped early at 6
	"real/hf_stdout/eshaubale-bert-mlm-then-cls-train_log.txt":                      {0, UnitEpoch},  // no banner; bars cut short
	"pytorch-dev/dead_relu-digits-s1.log":                                           {0, UnitEpoch},  // bars glued to dicts: not tqdm.write's order
	"pytorch-dev/healthy_sgd-spirals-s1.log":                                        {0, UnitEpoch},
	"pytorch-dev/huge_init-cancer-s1.log":                                           {0, UnitEpoch},
	"pytorch-dev/lr_explode-diabetes-s1.log":                                        {0, UnitEpoch},
	"pytorch-dev/lr_oscillate-diabetes-s1.log":                                      {0, UnitEpoch},
	"pytorch-dev/lr_oscillate-digits-s1.log":                                        {0, UnitEpoch},
	"pytorch-dev/no_shuffle-digits-s1.log":                                          {0, UnitEpoch},
	"pytorch-dev/noisy_labels-digits-s1.log":                                        {0, UnitEpoch},
}

// TestCorpusHorizons reads every log of the corpus and lists the horizon
// found, the unit of the steps and where the last record is; a horizon is
// what the table above says, and never before the last record's step.
func TestCorpusHorizons(t *testing.T) {
	var rows []string
	for _, set := range []string{"real", "pytorch-dev"} {
		dir := corpustest.Dir(t, set)
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || strings.HasSuffix(path, ".md") || e.Name() == "labels.json" {
				return err
			}
			rel, _ := filepath.Rel(filepath.Dir(dir), path)
			d, recs := decodeFile(t, path)
			st := d.Stats()
			last := 0.0
			if len(recs) > 0 {
				last = recs[len(recs)-1].Step
			}
			rows = append(rows, rel+"\t"+string(d.Format())+"\t"+fmtF(st.Horizon)+"\t"+string(st.Unit)+"\t"+fmtF(last))
			if st.Horizon > 0 && last > st.Horizon {
				t.Errorf("%s: horizon %v before the last record's step %v", rel, st.Horizon, last)
			}
			want := corpusHorizons[filepath.ToSlash(rel)]
			if st.Horizon != want.horizon || (want.unit != "" && st.Unit != want.unit) {
				t.Errorf("%s: horizon %v %s, want %v %s", rel, st.Horizon, st.Unit, want.horizon, want.unit)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(rows)
	t.Logf("file\tformat\thorizon\tunit\tlast step\n%s", strings.Join(rows, "\n"))
}

func fmtF(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
