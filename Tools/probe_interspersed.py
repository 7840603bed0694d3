# Probes which docker commands stop reading flags at the first positional (SetInterspersed(false)):
# `docker <path> arg --bogus-zz-flag --help` reports "unknown flag" only when flags are interspersed.
import json, subprocess, os
env=dict(os.environ, DOCKER_HOST="unix:///nonexistent.sock", DOCKER_CONFIG="/tmp/dcfg2", HOME="/tmp/dhome2")
os.makedirs("/tmp/dhome2",exist_ok=True); os.makedirs("/tmp/dcfg2",exist_ok=True)
h=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "docker-28.2.2-help.json")))
keys=sorted(h)
leaves=[k for k in keys if k and not any(o.startswith(k+" ") for o in keys)]
res={}
for k in leaves:
    r=subprocess.run(["docker"]+k.split()+["posarg","--bogus-zz-flag","--help"],capture_output=True,text=True,env=env,timeout=30,stdin=subprocess.DEVNULL)
    o=r.stdout+r.stderr
    res[k]= "interspersed" if "unknown flag: --bogus-zz-flag" in o else "stop: "+o.strip().splitlines()[0][:100] if o.strip() else "stop: (no output)"
json.dump(res,open("interspersed.json","w"),indent=1)
for k,v in res.items():
    if v!="interspersed": print(repr(k),v)
