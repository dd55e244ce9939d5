import re,collections,sys
txt=open(sys.argv[1]).read()
evs=txt.split('jdk.ExecutionSample')
two=collections.Counter()
n=0
for e in evs:
    fr=re.findall(r'^\s+([\w.$]+\.[\w$<>]+)\(',e,re.M)
    if not fr: continue
    n+=1
    two[' <- '.join(x.split('.')[-2]+'.'+x.split('.')[-1] for x in fr[:4])]+=1
print(n)
for k,v in two.most_common(12): print(f"{100*v/n:5.1f} {k}")
