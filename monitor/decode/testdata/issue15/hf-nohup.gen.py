# Generator of monitor/testdata/issue15/hf-nohup.log: the console of the
# HuggingFace Trainer captured with nohup (stdout block-buffered, stderr not).
import math
out = []
w = out.append
w("nohup: ignoring input\n")
w("/opt/venv/lib/python3.10/site-packages/transformers/training_args.py:1494: FutureWarning: `evaluation_strategy` is deprecated and will be removed in version 4.46 of Transformers. Use `eval_strategy` instead\n")
w("  warnings.warn(\n")
w("[INFO|trainer.py:2128] 2024-05-01 12:00:00,000 >> ***** Running training *****\n")
w("[INFO|trainer.py:2129] 2024-05-01 12:00:00,000 >>   Num examples = 7,000\n")
w("[INFO|trainer.py:2130] 2024-05-01 12:00:00,001 >>   Total optimization steps = 875\n")
buf = []
total, logged = 875, 0
def bar(i):
    pct = i * 100 // total
    return f"{pct:3d}%|{'█' * (pct // 10):<10}| {i}/{total} [00:{i // 60:02d}<01:{59 - i % 60:02d},  4.92it/s]"
w("\r" + bar(0))
for i in range(1, total + 1):
    w("\r" + bar(i))
    if i % 5 == 0:
        logged += 1
        loss = 2.3 * math.exp(-i / 400) + 0.05 * ((i * 7) % 3)
        w("\r" + " " * 60 + "\r")  # tqdm.write clears the bar...
        buf.append(f"{{'loss': {loss:.4f}, 'grad_norm': {1 + (i % 9) / 10:.2f}, 'learning_rate': {5e-5 * (1 - i / total):.3e}, 'epoch': {i / 175:.2f}}}\n")
        w("\r" + bar(i))  # ... and draws it again
    if i % 175 == 0:
        buf.append(f"{{'eval_loss': {2.0 * math.exp(-i / 500):.4f}, 'eval_runtime': 3.2, 'eval_samples_per_second': 310.5, 'epoch': {i / 175:.1f}}}\n")
        w("\n[INFO|trainer.py:3719] 2024-05-01 12:01:00,000 >> ***** Running Evaluation *****\n")
    if sum(map(len, buf)) > 1500:  # the stdout buffer is written out
        w("".join(buf))
        buf = []
w("".join(buf))
w("\n{'train_runtime': 180.5, 'train_samples_per_second': 193.9, 'train_steps_per_second': 4.85, 'train_loss': 0.9, 'epoch': 5.0}\n")
open("monitor/testdata/issue15/hf-nohup.log", "w").write("".join(out))
print(logged)
