"""Feasibility check for issue 4's passage targets (not part of forewarn; not run by CI).

Question: does fine-tuning the encoder itself (all-MiniLM-L6-v2) on the AO3 passages reach
the targets (mean F1 on majority labels >= 0.60, mean accuracy on any-vote labels >= 0.72)?
Setup: 5 folds by work (GroupKFold); in each, 25% of the training works hold out for the
thresholds (F1-best on majority gold, accuracy-best on any-vote gold); one shared encoder with
8 outputs, BCE on the passage's own warning with target votes/3; bf16 autocast, AdamW,
one-cycle schedule, batch 16, truncation 256. Thresholds answer for the passages alone (no
background text), which favours these figures over forewarn's own.

Run on one NVIDIA H100 (2026-11-26), with the model's safetensors converted to f16 and
dev.jsonl copied under .ft/ (the script reads .ft/model and .ft/dev.jsonl):
    python3 scripts/research/finetune-minilm.py head:0:30:1e-3:1 full:6:4:5e-5:1 full:6:8:3e-5:1 top2:2:8:1e-4:1
Results (meanF1maj / meanAccAny / mean AUC on majority):
    frozen encoder, linear head   0.472 / 0.640 / 0.670   (an untuned torch head)
    full fine-tune, 4 epochs      0.528 / 0.679 / 0.739
    full fine-tune, 8 epochs      0.529 / 0.666 / 0.736
    top 2 layers, 8 epochs        0.524 / 0.680 / 0.744
forewarn's shipped heads on frozen vectors (forewarn eval, background-aware thresholds):
    0.514 / 0.666. Fine-tuning MiniLM gains about 0.01-0.02: the targets are out of its reach
on this data.
"""

import json, sys, time, random
import numpy as np, torch
from tokenizers import Tokenizer
from transformers import BertModel
from sklearn.model_selection import GroupKFold
from sklearn.metrics import roc_auc_score

torch.backends.cuda.matmul.allow_tf32 = True
dev = "cuda"
rows = [json.loads(l) for l in open(".ft/dev.jsonl")]
LABELS = ["violence", "death", "homophobia", "abduction", "racism", "ableism", "misogyny", "war"]
L = {l: i for i, l in enumerate(LABELS)}
tok = Tokenizer.from_file(".ft/model/tokenizer.json")
tok.no_padding(); tok.enable_truncation(256)
ids = [tok.encode(r["text"]).ids for r in rows]
lab = np.array([L[r["warning"]] for r in rows])
votes = np.array([r["votes"] for r in rows], dtype=np.float32)
maj = votes >= 2; anyv = votes >= 1
groups = np.array([r["work_id"] for r in rows])


def batches(idx, bs, shuffle, rng=None):
    idx = list(idx)
    if shuffle: rng.shuffle(idx)
    for i in range(0, len(idx), bs):
        b = idx[i:i + bs]; m = max(len(ids[j]) for j in b)
        x = torch.zeros(len(b), m, dtype=torch.long); a = torch.zeros(len(b), m, dtype=torch.long)
        for k, j in enumerate(b):
            x[k, :len(ids[j])] = torch.tensor(ids[j]); a[k, :len(ids[j])] = 1
        yield b, x.to(dev), a.to(dev)


class M(torch.nn.Module):
    def __init__(self, train_layers):
        super().__init__()
        self.bert = BertModel.from_pretrained(".ft/model", add_pooling_layer=False).float()
        for p in self.bert.parameters(): p.requires_grad = False
        n = len(self.bert.encoder.layer)
        for layer in self.bert.encoder.layer[n - train_layers:] if train_layers else []:
            for p in layer.parameters(): p.requires_grad = True
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(384, len(LABELS))

    def forward(self, x, a):
        h = self.bert(input_ids=x, attention_mask=a).last_hidden_state
        m = a.unsqueeze(-1).float(); v = (h * m).sum(1) / m.sum(1)
        v = torch.nn.functional.normalize(v, dim=-1)
        return self.head(self.drop(v) * 8.0)


def train_predict(tr, te_sets, train_layers, epochs, lr, seed):
    torch.manual_seed(seed); rng = random.Random(seed)
    model = M(train_layers).to(dev)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(tr) + 15) // 16); sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    yt = torch.tensor(votes / 3.0, device=dev); lt = torch.tensor(lab, device=dev)
    for ep in range(epochs):
        model.train()
        for b, x, a in batches(tr, 16, True, rng):
            with torch.autocast("cuda", dtype=torch.bfloat16):
                out = model(x, a)
            bi = torch.tensor(b, device=dev)
            logit = out.float().gather(1, lt[bi].unsqueeze(1)).squeeze(1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, yt[bi])
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    model.eval(); res = []
    with torch.no_grad():
        for te in te_sets:
            s = np.zeros(len(rows))
            for b, x, a in batches(te, 64, False):
                out = model(x, a).float()
                s[b] = out.gather(1, torch.tensor(lab[b], device=dev).unsqueeze(1)).squeeze(1).cpu().numpy()
            res.append(s)
    return res


def best_thr(s, y, obj):
    cands = np.unique(s); best = (-1, 0.0)
    for t in np.concatenate([cands, [cands.max() + 1]]):
        p = s >= t
        if obj == "f1":
            tp = (p & y).sum(); f = 2 * tp / max(p.sum() + y.sum(), 1)
        else:
            f = (p == y).mean()
        if f > best[0]: best = (f, t)
    return best[1]


def f1(p, y):
    tp = (p & y).sum(); return 2 * tp / max(p.sum() + y.sum(), 1)


def report(name, scores_val, scores_te, val_idx_all, te_idx_all):
    """scores_*: per fold arrays over all rows; thresholds per label from val."""
    out = {}
    for li, l in enumerate(LABELS):
        pf, pa, yf, ya, of, oa, auc_s, auc_y = [], [], [], [], [], [], [], []
        for sv, st, vi, ti in zip(scores_val, scores_te, val_idx_all, te_idx_all):
            vi = vi[lab[vi] == li]; ti = ti[lab[ti] == li]
            tf = best_thr(sv[vi], maj[vi], "f1"); ta = best_thr(sv[vi], anyv[vi], "acc")
            pf.append(st[ti] >= tf); pa.append(st[ti] >= ta); yf.append(maj[ti]); ya.append(anyv[ti])
            auc_s.append(st[ti]); auc_y.append(maj[ti])
        pf, pa, yf, ya = map(np.concatenate, (pf, pa, yf, ya))
        s_all, y_all = np.concatenate(auc_s), np.concatenate(auc_y)
        out[l] = (f1(pf, yf), (pa == ya).mean(), roc_auc_score(y_all, s_all))
    mf = np.mean([v[0] for v in out.values()]); ma = np.mean([v[1] for v in out.values()]); mu = np.mean([v[2] for v in out.values()])
    print(f"== {name}: meanF1maj {mf:.3f} meanAccAny {ma:.3f} meanAUCmaj {mu:.3f}")
    print("   " + " ".join(f"{l[:5]} {v[0]:.2f}/{v[1]:.2f}" for l, v in out.items()), flush=True)


gkf = GroupKFold(n_splits=5)
folds = list(gkf.split(np.zeros(len(rows)), groups=groups))
# inner split: 25% of training works for thresholds
splits = []
for tr, te in folds:
    ws = sorted(set(groups[tr])); r = random.Random(7); r.shuffle(ws); vw = set(ws[: len(ws) // 4])
    v = np.array([i for i in tr if groups[i] in vw]); t = np.array([i for i in tr if groups[i] not in vw])
    splits.append((t, v, te))

configs = [(a, int(b), int(c), float(d), int(e)) for a, b, c, d, e in (s.split(":") for s in sys.argv[1:])]
for name, layers, epochs, lr, seeds in configs:
    t0 = time.time(); SV, ST = [], []
    for t, v, te in splits:
        sv = np.zeros(len(rows)); st = np.zeros(len(rows))
        for sd in range(seeds):
            a, b = train_predict(t, [v, te], layers, epochs, lr, sd)
            sv += a; st += b
        SV.append(sv); ST.append(st)
    report(f"{name} layers={layers} ep={epochs} lr={lr} seeds={seeds} ({time.time()-t0:.0f}s)", SV, ST, [v for _, v, _ in splits], [te for _, _, te in splits])
