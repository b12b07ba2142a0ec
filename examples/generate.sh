#!/usr/bin/env bash
# Generates the example photo sets and the music file with ffmpeg alone (no downloads, no licences):
#   seaside/    four views of a beach from morning to sunset, with music
#   mountains/  four views of a mountain lake, with music and a job.json (9:16, a title)
#   city/       four night skylines, images only (started by the quiet period)
#   music/summer-chords.mp3  12 s of a C-G-Am-F chord progression
# Run from anywhere: ./examples/generate.sh  (needs ffmpeg with libmp3lame). The outputs are committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

W=1024
H=576

# paint <output.jpg> <r expr> <g expr> <b expr>: renders one frame of per-pixel expressions (X, Y, W, H).
paint() {
  ffmpeg -v error -y -f lavfi -i "color=c=black:s=${W}x${H}:d=1,format=rgb24" \
    -vf "geq=r='$2':g='$3':b='$4',format=yuvj420p" -frames:v 1 -q:v 6 "$1"
}

# ---- seaside: sky, sun at height SUN_Y and colour, sea with waves, sand.
seaside() {
  local out=$1 sun_x=$2 sun_y=$3 warm=$4
  local sky="lt(Y,H*0.55)"
  local sea="between(Y,H*0.55,H*0.8)"
  local sun="lt(hypot(X-${sun_x},Y-${sun_y}),48)"
  local wave="(12*sin(X/17+Y/2.5))"
  paint "$out" \
    "if(${sun},255,if(${sky},70+${warm}*120+60*Y/H,if(${sea},20+${warm}*40+${wave},225-20*(Y-H*0.8)/(H*0.2))))" \
    "if(${sun},230-${warm}*60,if(${sky},130+60*Y/H-${warm}*40,if(${sea},90+${wave},200-25*(Y-H*0.8)/(H*0.2))))" \
    "if(${sun},120-${warm}*80,if(${sky},230-${warm}*90,if(${sea},160-${warm}*30+${wave},150-30*(Y-H*0.8)/(H*0.2))))"
}

# ---- mountains: sky, far snowy ridge, near green ridge, lake.
mountains() {
  local out=$1 phase=$2 light=$3
  local far="H*(0.42+0.10*sin(X/110+${phase})+0.05*sin(X/41+2*${phase}))"
  local near="H*(0.62+0.06*sin(X/70+1.7*${phase})+0.03*sin(X/23))"
  local lake="gt(Y,H*0.8)"
  local snow="lt(Y,${far}+18+14*sin(X/9))"
  paint "$out" \
    "if(${lake},40+30*${light}+10*sin(Y*1.3+X/40),if(gt(Y,${near}),40+40*${light},if(gt(Y,${far}),if(${snow},235*${light},90+50*${light}),110+90*${light}*(1-Y/H))))" \
    "if(${lake},80+40*${light}+10*sin(Y*1.3+X/40),if(gt(Y,${near}),90+60*${light},if(gt(Y,${far}),if(${snow},240*${light},95+45*${light}),150+80*${light}*(1-Y/H))))" \
    "if(${lake},120+60*${light}+10*sin(Y*1.3+X/40),if(gt(Y,${near}),50+30*${light},if(gt(Y,${far}),if(${snow},250*${light},110+40*${light}),200+55*${light}*(1-Y/H))))"
}

# ---- city: night sky, moon, buildings of pseudo-random heights with lit windows.
city() {
  local out=$1 seed=$2 glow=$3
  local idx="floor(X/64)"
  local top="H*(0.75-0.45*abs(sin((${idx}+${seed})*12.9898)))"
  local building="gt(Y,${top})"
  local window="lt(mod(X,64),52)*gt(mod(X,64),8)*lt(mod(X,13),7)*lt(mod(Y,19),10)*gt(sin(floor(X/13)*7.1+floor(Y/19)*3.7+${seed}),0.1)"
  local moon="lt(hypot(X-W*0.8,Y-H*0.16),34)"
  paint "$out" \
    "if(${moon},235,if(${building},if(${window},250,28+8*mod(${idx},3)),10+${glow}*50*Y/H))" \
    "if(${moon},235,if(${building},if(${window},210,30+8*mod(${idx},3)),15+${glow}*25*Y/H))" \
    "if(${moon},220,if(${building},if(${window},120,45+8*mod(${idx},3)),45+60*Y/H))"
}

mkdir -p seaside mountains city music

seaside seaside/01-morning.jpg 180 300 0.0
seaside seaside/02-midday.jpg 480 90 0.1
seaside seaside/03-afternoon.jpg 700 200 0.5
seaside seaside/04-sunset.jpg 820 330 1.0

mountains mountains/01-dawn.jpg 0.0 0.55
mountains mountains/02-morning.jpg 0.8 0.8
mountains mountains/03-noon.jpg 1.6 1.0
mountains mountains/04-evening.jpg 2.4 0.65

city city/01-downtown.jpg 1 1.0
city city/02-harbour.jpg 5 0.7
city city/03-old-town.jpg 9 0.5
city city/04-midnight.jpg 13 0.3

# 12 s: C, G, Am, F (3 s each), three voices and a bass, each chord fading out.
chord='if(lt(t,3),A,if(lt(t,6),B,if(lt(t,9),C,D)))'
f() { echo "$chord" | sed "s/A/$1/; s/B/$2/; s/C/$3/; s/D/$4/"; }
voice1=$(f 261.63 246.94 261.63 261.63)
voice2=$(f 329.63 293.66 329.63 349.23)
voice3=$(f 392.00 392.00 440.00 440.00)
bass=$(f 130.81 98.00 110.00 87.31)
env="(0.9-0.6*mod(t,3)/3)*min(1,t*8)*min(1,(12-t)*2)"
ffmpeg -v error -y -f lavfi -i "aevalsrc='0.16*${env}*(sin(2*PI*${voice1}*t)+sin(2*PI*${voice2}*t)+sin(2*PI*${voice3}*t)+1.2*sin(2*PI*${bass}*t))':s=44100:d=12" \
  -ac 2 -c:a libmp3lame -b:a 64k music/summer-chords.mp3

cp music/summer-chords.mp3 seaside/music.mp3
cp music/summer-chords.mp3 mountains/music.mp3
cat > mountains/job.json <<'JSON'
{
  "instruction": "a calm vertical video of the mountain lake through the day, slow crossfades, the music underneath",
  "title": "A Day at the Lake",
  "aspectRatio": "9:16"
}
JSON

du -sh seaside mountains city music
