# Probes the installed docker for flags hidden from --help: `docker <path> --<name>=zzz --help`
# answers "unknown flag", a ParseBool error (boolean) or accepts the value. Writes probe.json.
import json, re, subprocess, os, sys
from concurrent.futures import ThreadPoolExecutor
env=dict(os.environ, DOCKER_HOST="unix:///nonexistent.sock", DOCKER_CONFIG="/tmp/dcfg", HOME="/tmp/dhome")
os.makedirs("/tmp/dhome",exist_ok=True); os.makedirs("/tmp/dcfg",exist_ok=True)
h=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "docker-28.2.2-help.json")))
rx=re.compile(r'^  (?:(-.), )?\s*--([a-zA-Z0-9-]+)(?: ([a-zA-Z0-9-]+))?(\s{2,}|$)')
def parse(text):
    flags={}; sec=None
    for line in text.splitlines():
        if re.match(r'^[A-Z][A-Za-z ]*:\s*$',line): sec=line.strip(); continue
        m=rx.match(line)
        if m and sec in ("Options:","Global Options:","Flags:"):
            flags[m.group(2)]={"short":m.group(1)[1] if m.group(1) else None,"type":m.group(3)}
    return flags
grammar={k:parse(v) for k,v in h.items()}
union=set()
for k,v in grammar.items(): union|=set(v)
extra=["net","net-alias","dns-opt","stream","squash","compress","no-trunc","link","sig-proxy","kernel-memory","security-opt","detach-keys","privileged","all-tags","password-stdin","password","username","platform","quiet","disable-content-trust","tls","tlsverify","use-api-socket","experimental","orchestrator","kubeconfig","namespace","cpu-count","interactive","workdir","user","env","env-file","builder","output","progress","secret","ssh","load","push","allow","attest","sbom","provenance","cache-to","cache-from","annotation","call","check","metadata-file","no-cache-filter","set","print","debug","context","mount","publish","volume","force","follow","all","filter","format","size","latest","last","time","signal","timeout","tail","since","until","timestamps","details","rm","help-all","dry-run","log-level","version","host","config","tlscacert","tlscert","tlskey","init","gpus","restart","name","label","pull","ulimit","device","dns","dns-search","dns-option","add-host","cap-add","cap-drop","hostname","domainname","ip","ip6","mac-address","network","network-alias","runtime","shm-size","tmpfs","memory","cpus","isolation","userns","uts","pid","ipc","cgroupns","cgroup-parent","health-cmd","oom-kill-disable","read-only","entrypoint","expose","group-add","io-maxbandwidth","io-maxiops","registry-mirror","insecure"]
union|=set(extra); union.discard("help")
shorts=[c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
def probe(path,arg):
    r=subprocess.run(["docker"]+path+[arg+"=zzz","--help"],capture_output=True,text=True,env=env,timeout=20,stdin=subprocess.DEVNULL)
    o=(r.stdout+r.stderr)[:400]
    if "unknown flag" in o or "unknown shorthand flag" in o: return ("unknown",o)
    if "ParseBool" in o: return ("bool",o)
    if o.startswith("Usage:") or "\nUsage:" in o[:5]: return ("value",o)
    return ("valueerr",o.splitlines()[0] if o else "")
jobs=[]
for k in grammar:
    path=k.split() if k else []
    for n in sorted(union): jobs.append((k,path,"--"+n))
    for s in shorts: jobs.append((k,path,"-"+s))
res={}
def run(j):
    k,path,a=j
    try: return (k,a,probe(path,a))
    except Exception as e: return (k,a,("error",str(e)))
with ThreadPoolExecutor(4) as ex:
    for k,a,r in ex.map(run,jobs):
        if r[0]!="unknown": res.setdefault(k,{})[a]=r
json.dump({"grammar":grammar,"probe":res},open("probe.json","w"),indent=1)
print(len(jobs))
