"""Quick evidence check for curators: every lines+quote/text/name pair must be verbatim in the source."""
import re, sys, tomllib, pathlib
SRC = pathlib.Path("data/source/emergency-services-collaboration-2014.txt").read_text(encoding="utf-8").split("\n")
def norm(s): return re.sub(r"\s+", " ", s.replace("**", "")).strip()
def span(a, b): return norm(" ".join(SRC[a-1:b]))
errs = 0
def walk(obj, path, f):
    global errs
    if isinstance(obj, dict):
        if "lines" in obj and isinstance(obj["lines"], list) and len(obj["lines"]) == 2:
            a, b = obj["lines"]
            if not (1 <= a <= b <= len(SRC)):
                print(f"{f}: {path}: bad line range {obj['lines']}"); errs += 1
            else:
                for key in ("quote", "text", "name"):
                    if key in obj and isinstance(obj[key], str) and obj[key]:
                        if norm(obj[key]) not in span(a, b):
                            print(f"{f}: {path}.{key}: not found at lines {a}-{b}: {obj[key][:80]!r}"); errs += 1
                        break
        for k, v in obj.items(): walk(v, f"{path}.{k}", f)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            ident = v.get("id") or v.get("person") or i if isinstance(v, dict) else i
            walk(v, f"{path}[{ident}]", f)
files = sys.argv[1:] or sorted(str(p) for p in pathlib.Path("data/records").rglob("*.toml"))
for f in files:
    try:
        d = tomllib.load(open(f, "rb"))
    except Exception as e:
        print(f"{f}: TOML error: {e}"); errs += 1; continue
    walk(d, "", f)
print(f"{len(files)} files, {errs} problems")
sys.exit(1 if errs else 0)
