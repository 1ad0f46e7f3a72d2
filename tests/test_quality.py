"""Answer quality on the development question set, held above floors set from what was measured.

The set (tests/data/questions.tsv) is written the way staff type: situations in their own words, typos,
traditional script, English, department nicknames, task numbers in every form, and questions the
document does not answer. A change that makes the bot worse for its users fails here.
"""

from __future__ import annotations

import pytest
from conftest import QUESTIONS

from bot.evaluate import evaluate, load_questions

# Measured when the floors were set: topic 94.5%, topic@3 99.2%, department 100%, task 100%,
# absent 100%, township 100%, multi 100%, none 100% (472 questions). topic@3 was 0.97 until whether an
# activity the plan never names is allowed ("红线里还能接着搞养殖吗") became "not directly mentioned", with
# the task as the first suggestion: 97.3% alone, 96.5% beside the five sample plans.
FLOORS = {
    "topic": 0.90,
    "topic@3": 0.96,
    "department": 0.97,
    "task": 1.0,
    "absent": 1.0,
    "township": 0.93,
    "multi": 0.90,
    "none": 0.92,
}


# Two more sets, written independently of the first and of the code: they guard against fitting the
# first set. Their floors are lower where they are smaller (one miss costs more).
# topic@3 was 0.96: whether an activity the plan never names is allowed ("这种地能直接拿来盖房吗") is now
# answered "not directly mentioned" with the task as the first suggestion (holdout 96.7% to 95.0%).
SMALLER_SET_FLOORS = {
    "topic": 0.90,
    "topic@3": 0.95,
    "department": 0.95,
    "task": 1.0,
    "absent": 1.0,
    "none": 0.9,
}
# The trust set: written without seeing the code, aimed at the edges (adjacent topics, departments that lead
# nothing, multi-part and everyday questions). First score, before any tuning on it: topic 93.9%, topic@3
# 94.7%, none 67.0%, nolead 97.0%, multi 100%, department 100%. Measured when these floors were set: topic
# 95.6%, topic@3 96.5%, none 91.5%, nolead 100%, multi 100%, department 100% (300 questions); none 92.6%
# once asks for details no task states were refused; 96.8% in issue 11's fourth session.
TRUST_FLOORS = {
    "topic": 0.94,
    "topic@3": 0.95,
    "none": 0.94,
    "nolead": 1.0,
    "multi": 0.97,
    "department": 1.0,
}
# Sets written by helpers who saw only the policy text, never the code, aimed at the edges: neighbouring
# topics, details a plan never states, whether an activity is allowed, departments that lead nothing,
# several questions in one, everyday questions. Scores are topic / top 3 / none / nolead / multi, in %.
# "start" is the code at the start of the session the set was written in (issue 11's second session for
# trust2 to trust12, its fourth for trust13 to trust18, its fifth for trust19 to trust24), "first" a set's
# first score (before its misses were looked at), "final" this code. A tuned set had its misses looked at
# after its first score; in the fifth session every set here was.
#
# | set     | start                     | first                      | final                      |
# | trust2  | 94.1/95.1/67.3/88.5/90.0  | (53.5 none before issue 11)| 98.0/100/99.0/100/100      |
# | trust3  | 96.5/99.1/58.7/84.6/96.7  | 96.5/99.1/76.9/100/96.7    | 100/100/98.1/100/100       |
# | trust4  | 98.0/98.0/51.5/77.8/96.7  | 98.0/98.0/54.4/100/96.7    | 100/100/100/100/100        |
# | trust5  | 96.2/97.1/57.8/84.6/93.3  | 95.2/96.2/76.1/100/93.3    | 100/100/96.3/100/100       |
# | trust6  | 98.0/99.0/60.8/80.0/96.7  | 97.0/98.0/70.6/100/96.7    | 97.0/98.0/95.1/100/96.7    |
# | trust7  | 97.3/99.1/57.7/88.5/90.3  | 97.3/99.1/76.9/100/90.3    | 99.1/100/97.1/100/96.8     |
# | trust8  | 99.0/99.0/51.0/92.0/100   | 99.0/99.0/67.3/100/100     | 100/100/96.2/100/100       |
# | trust9  | 95.7/97.4/57.0/92.3/93.3  | 95.7/97.4/83.0/100/90.0    | 100/100/97.0/100/100       |
# | trust10 | 97.2/99.1/51.5/88.0/100   | 97.2/99.1/71.7/100/100     | 98.1/100/96.0/100/100      |
# | trust11 | 99.0/99.0/55.0/96.0/96.9  | 99.0/99.0/81.0/100/96.9    | 99.0/99.0/97.0/100/100     |
# | trust12 | 98.1/98.1/60.2/96.0/100   | 98.1/98.1/83.5/100/100     | 99.0/99.0/96.1/100/100     |
# | trust13 | 99.2/100/81.1/100/100     | (first = start)            | 100/100/96.4/100/100       |
# | trust14 | 94.4/96.0/75.5/96.0/90.0  | (first = start)            | 99.2/100/97.3/100/100      |
# | trust15 | 94.5/96.1/77.7/100/100    | (first = start)            | 96.9/97.6/95.5/100/100     |
# | trust16 | 99.2/100/83.2/92.0/100    | 99.2/100/84.9/92.0/100     | 99.2/100/99.2/100/100      |
# | trust17 | 96.1/98.4/80.7/100/100    | 96.1/98.4/80.7/100/100     | 96.9/98.4/94.5/100/100     |
# | trust18 | 97.6/98.4/80.2/100/96.8   | 97.6/98.4/83.8/100/96.8    | 98.4/99.2/98.2/100/96.8    |
# | trust19 | 100/100/88.1/100/96.7     | (first = start)            | 100/100/99.1/100/96.7      |
# | trust20 | 98.4/100/87.7/100/100     | (first = start)            | 100/100/97.5/100/100       |
# | trust21 | 99.2/100/91.9/100/97.5    | (first = start)            | 99.2/100/98.2/100/100      |
# | trust22 | 97.6/99.2/83.5/100/100    | 97.6/99.2/87.2/100/100     | 98.4/99.2/94.5/100/100     |
# | trust23 | 96.8/99.2/82.4/100/96.7   | 96.8/99.2/84.9/100/96.7    | 99.2/99.2/97.5/100/100     |
# | trust24 | 96.8/98.4/86.8/100/100    | 96.8/98.4/88.6/100/96.8    | 97.6/99.2/93.0/100/100     |
# | trust25 | 97.6/100/85.2/100/100     | 97.6/100/90.4/100/100      | 100/100/99.1/100/100       |
# | trust26 | 98.4/98.4/86.5/100/100    | 98.4/98.4/90.1/100/100     | 99.2/99.2/97.3/100/100     |
# | trust27 | 96.0/98.4/86.6/100/100    | 96.0/98.4/88.4/100/100     | 99.2/99.2/96.4/100/100     |
# | trust28 | 99.2/99.2/89.8/100/100    | 99.2/99.2/94.9/100/100     | 99.2/99.2/100/100/100      |
# | trust29 | 96.8/98.4/89.2/100/100    | 96.8/98.4/91.7/100/100     | 98.4/99.2/100/100/100      |
# | trust30 | 96.1/98.4/80.3/100/96.9   | 96.1/98.4/87.2/100/96.9    | 96.9/98.4/97.4/100/100 *   |
# | trust31 | 97.6/100/81.1/100/100     | 97.6/100/85.6/100/100      | 99.2/100/94.6/100/100      |
# | trust32 | 96.0/97.6/83.5/100/96.7   | 96.0/97.6/87.8/100/100     | 96.0/97.6/97.4/100/100     |
# | trust33 | 96.9/99.2/85.0/100/100    | 96.9/99.2/92.9/100/100     | 98.4/99.2/98.2/100/100     |
# | trust34 | 98.4/98.4/89.4/100/96.7   | (first = start)            | 100/100/97.3/100/96.7      |
# | trust37 | 99.2/100/94.5/100/100     | (first = start)            | 100/100/98.2/100/100       |
# | trust38 | 96.1/97.6/93.5/100/96.7   | (first = start)            | 97.6/99.2/96.3/100/96.7    |
# | trust39 | 96.8/99.2/94.0/100/100    | (first = start)            | 97.6/99.2/98.3/100/100     |
# | trust35 | 96.8/98.4/95.5/100/100   | 96.8/98.4/96.4/100/100     | 97.6/99.2/96.4/100/100     |
# | trust36 | 98.4/99.2/94.5/100/100   | 98.4/99.2/95.5/100/100     | 100/100/99.1/100/100       |
# | trust40 | 98.4/99.2/93.7/100/100   | 98.4/99.2/93.7/100/100     | 99.2/99.2/98.2/100/100     |
# | trust41 | 94.4/96.0/87.3/100/96.7   | 94.4/96.0/89.8/100/96.7    | 96.0/96.0/94.9/100/96.7    |
# | trust42 | 98.4/100/93.6/96.0/96.7   | 98.4/100/94.5/96.0/96.7    | 98.4/100/98.2/100/96.7     |
# | trust43 | (written in the seventh)  | 97.6/98.4/91.8/100/93.3    | 100/100/96.4/100/93.3      |
# | trust44 | (written in the seventh)  | 95.3/99.2/92.5/100/96.7    | 96.1/99.2/96.6/100/96.7    |
# | trust45 | (written in the seventh)  | 96.8/98.4/95.7/100/93.3    | 98.4/99.2/98.3/100/96.7    |
# | trust46 | (written in the seventh)  | 98.4/99.2/89.6/100/96.7    | 100/100/96.5/100/96.7      |
# | trust47 | (written in the seventh)  | 97.6/98.4/94.6/96.0/100    | 99.2/99.2/96.4/100/100     |
# | trust52 | (written in the eighth)   | 94.5/96.1/92.7/100/100     | 97.6/99.2/96.4/100/100     |
# | trust53 | (written in the eighth)   | 96.0/96.8/93.0/100/100     | 98.4/99.2/97.4/100/100     |
# | trust54 | (written in the eighth)   | 96.8/97.6/90.5/100/100     | 96.8/97.6/94.6/100/100     |
# | trust55 | (written in the eighth)   | 98.4/100/95.5/100/100      | 99.2/100/97.3/100/100      |
# | trust56 | (written in the eighth)   | 99.2/99.2/95.7/100/100     | 99.2/99.2/96.6/100/100     |
# | trust57 | (written in the eighth)   | 99.2/99.2/89.7/100/100     | 99.2/99.2/91.4/100/100     |
# | trust58 | (written in the ninth)    | 99.2/100/84.5/100/100      | 99.2/100/91.4/100/100      |
# | trust59 | (written in the ninth)    | 100/100/94.6/100/100 *     | 100/100/96.4/100/100       |
# | trust60 | (written in the ninth)    | 100/100/95.7/100/96.7      | 100/100/96.5/100/96.7      |
# | trust61 | (written in the ninth)    | 100/100/86.8/100/96.7      | 100/100/92.6/100/96.7      |
# | trust62 | (written in the ninth)    | 100/100/90.4/100/100       | 100/100/93.0/100/100       |
# | trust63 | (written in the ninth)    | 98.4/98.4/91.7/92.0/100 *  | 98.4/98.4/94.4/100/100     |
# | trust64 | (written in the ninth)    | 100/100/96.5/100/100       | 100/100/98.2/100/100       |
# | trust65 | (written in the ninth)    | 100/100/95.7/100/100       | 100/100/99.1/100/100       |
# | trust66 | (written in the tenth)    | 98.4/99.2/93.6/100/100     | 99.2/100/97.3/100/100      |
# | trust67 | (written in the tenth)    | 98.4/98.4/98.3/100/93.3    | 98.4/98.4/100/100/93.3     |
# | trust68 | (written in the tenth)    | 99.2/99.2/91.2/100/100     | 99.2/99.2/92.1/100/100     |
# | trust69 | (written in the tenth)    | 98.4/99.2/90.9/100/100     | 98.4/99.2/96.4/100/100     |
# | trust91 | (written in the twelfth)  | 96.0/96.0/97.3/100/100     | 98.4/98.4/98.2/100/100     |
# | trust92 | (written in the twelfth)  | 89.7/90.5/93.7/100/100     | 96.8/97.6/94.6/100/100     |
# | trust93 | (written in the twelfth)  | 95.2/96.8/95.5/100/100     | 97.6/98.4/98.2/100/100     |
# | trust94 | (written in the twelfth)  | 99.2/99.2/95.5/100/96.8 *  | 100/100/98.2/100/96.8      |
# | trust95 | (written in the twelfth)  | 90.5/92.9/93.6/100/96.7    | 95.2/98.4/94.5/100/96.7    |
# | trust96 | (written in the twelfth)  | 87.6/89.1/92.7/96.2/100    | 94.6/96.1/93.6/100/100     |
# | trust97 | (written in the twelfth)  | 93.7/95.2/97.5/92.3/96.8   | 95.2/96.0/97.5/100/100     |
# | trust98 | (written in the twelfth)  | 97.7/100/96.4/100/100      | 98.5/100/99.1/100/100      |
# | trust104 | (written in the thirteenth) | 93.9/94.7/97.2/100/96.7    | 94.7/95.5/97.2/100/96.7    |
# | trust105 | (written in the thirteenth) | 98.4/99.2/96.4/100/100     | 98.4/99.2/96.4/100/100     |
# | trust106 | (written in the thirteenth) | 96.1/96.9/95.4/100/100     | 98.4/99.2/95.4/100/100     |
# | trust108 | (written in the thirteenth) | 95.3/96.9/96.4/100/100     | 97.7/99.2/96.4/100/100     |
# | trust111 | (written in the thirteenth) | 89.7/89.7/95.3/100/100     | 92.1/92.1/95.3/100/100     |
# | trust112 | (written in the thirteenth) | 91.3/93.7/97.3/100/100     | 93.7/96.0/97.3/100/100     |
# | trust113 | (written in the thirteenth) | 95.4/96.2/97.3/96.2/100    | 95.4/96.2/99.1/96.2/100 *  |
# | trust114 | (written in the thirteenth) | 97.6/98.4/95.5/100/93.3    | 97.6/98.4/97.3/100/93.3    |
# | trust115 | (written in the thirteenth) | 92.9/96.1/95.5/100/96.7    | 96.1/99.2/100/100/96.7     |
# | trust116 | (written in the thirteenth) | 94.4/94.4/94.6/100/96.7    | 96.8/96.8/97.3/100/100     |
# | trust117 | (written in the thirteenth) | 92.1/94.5/96.3/100/100     | 94.5/96.9/99.1/100/100     |
# | trust118 | (written in the thirteenth) | 97.6/97.6/98.2/100/100     | 100/100/99.1/100/100       |
# | trust121 | (written in the thirteenth) | 93.7/95.3/98.2/100/100     | 95.3/96.9/99.1/100/100     |
# | trust122 | (written in the thirteenth) | 92.1/94.5/92.9/100/86.7    | 96.1/97.6/97.3/100/86.7 *  |
# | trust123 | (written in the thirteenth) | 93.8/95.4/98.3/100/100     | 96.2/97.7/99.1/100/100     |
# | trust124 | (written in the thirteenth) | 92.9/93.7/96.5/100/100     | 96.0/96.8/99.1/100/100     |
# | trust125 | (written in the fourteenth) | 96.9/98.4/95.6/100/100     | 96.9/98.4/99.1/100/100     |
# | trust127 | (written in the fourteenth) | 92.9/94.5/99.1/100/100     | 96.9/98.4/100/100/100      |
# | trust129 | (written in the fourteenth) | 96.9/97.6/96.4/100/96.8    | 99.2/99.2/100/100/100      |
# | trust131 | (written in the fourteenth) | 95.3/95.3/99.1/100/96.8    | 97.7/98.4/99.1/100/100     |
# | trust133 | (written in the fourteenth) | 92.0/93.5/96.5/100/100 *   | 97.1/97.1/99.1/100/100     |
# | trust135 | (written in the fourteenth) | 92.9/93.7/99.1/96.0/96.8 * | 98.4/98.4/100/100/96.8     |
# | trust137 | (written in the fourteenth) | 97.6/99.2/96.5/100/100 *   | 98.4/100/98.2/100/100      |
# | trust144 | (written in the fifteenth) | 97.6/98.4/94.8/100/100     | 100/100/94.8/100/100       |
# | trust145 | (written in the fifteenth) | 97.8/98.6/96.3/96.2/96.8   | 97.8/98.6/98.1/100/100     |
# | trust146 | (written in the fifteenth) | 97.7/99.2/96.4/100/96.7 *  | 98.5/100/96.4/100/96.7     |
# | trust147 | (written in the fifteenth) | 96.9/97.6/98.2/100/100 *   | 98.4/99.2/98.2/100/100     |
# | trust149 | (written in the fifteenth) | 96.8/97.6/96.4/100/100 **  | 98.4/99.2/97.3/100/100     |
# | trust151 | (written in the fifteenth) | 91.0/91.7/96.4/100/100 **  | 93.2/94.0/96.4/100/100     |
# | trust152 | (written in the sixteenth) | 93.7/94.4/95.6/100/93.3    | 98.4/98.4/97.4/100/100     |
# | trust153 | (written in the sixteenth) | 96.3/97.0/97.3/100/100     | 97.8/98.5/98.2/100/100     |
# | trust156 | (written in the sixteenth) | 99.2/100/93.6/100/100 *    | 99.2/100/94.5/100/100      |
# | trust158 | (written in the sixteenth) | 93.8/95.3/99.1/100/93.3 *  | 99.2/100/100/100/100       |
#
# trust31 to trust33 were written at the end of the fifth session and first scored by its closing code;
# trust34 and trust37 to trust39 in the sixth, first scored by the code at its start (37 and 39 also by the
# code of the moment they were read, which scored them the same). All were read and tuned on in the sixth
# session; trust35 and trust36, written with them, and trust40, written late in it, were not, and stay
# outside the repository as a measure of unseen questions (see the closing note). trust41 and
# trust42, written with trust40, were read last and not tuned on. In the seventh session trust35, trust36,
# trust40, trust41 and trust42 were read and tuned on: their "first" is the sixth session's closing code,
# their "start" its opening code. trust43 to trust47 were written in the seventh, their "first" the score
# before anyone read them (trust43 to trust45 by its opening code, trust46 and trust47 by its code of the
# moment, which scored trust46 as its opening code did and trust47 at 93.7/92.0 none/nolead), then read
# and tuned on. trust48 and trust49, written last, stay outside the repository, unread. trust52 and
# trust53 were written at the start of the eighth session, scored unread by its opening code ("first"),
# then read and tuned on; trust54 to trust57, written with them, stayed outside, unread, to the end of
# the eighth session, and were read and tuned on in the ninth. trust58 and trust59 were written at the
# start of the ninth, scored unread by its opening code, then read and tuned on; trust60 to trust63,
# written with them, and trust64 and trust65, written at its end, stayed outside, unread, and were read
# and tuned on in the tenth. trust66 to trust69 were written at the start of the tenth, scored unread by
# its opening code, then read and tuned on; trust70 to trust72, written with them, were read late in it and
# stay outside the repository; trust73 to trust76 stay outside, unread. trust70 to trust90, outside the
# repository, went with the machine that held them after the eleventh session. trust91 to trust102 were
# written at the start of the twelfth and scored unread by its opening code; trust91, 92, 95 and 96 (the
# weakest on topics: short phone queries and situations in village words) were then read and tuned on,
# then trust93 (near misses outside the plan), trust97 and, late, trust94 and trust98; trust99 to trust102
# stay outside, unread, as the session's measure. * trust94's first department score was 93.8% (a
# department asked of after "领导让问"). "final" is the tenth session's code for trust2 to trust69 and
# the twelfth's for trust91 to trust98. trust103 to trust114 were written in the thirteenth session, each
# scored unread by its opening code; trust104 to 106, 108 and 111 to 114 were then read and tuned on,
# trust103, 107, 109 and 110 stay outside, unread, as its measure. trust115 to trust120 were written
# later in it, scored unread by its opening code; trust115 to 118 were read and tuned on, trust119 and
# trust120 stay outside with the others; trust121 to trust124, written last, were read and tuned on.
# trust125 to trust131 were written at the start of the fourteenth session and scored unread by its opening
# code; the odd-numbered four, chosen by number before any was read, were then read and tuned on, and
# trust126, 128 and 130 stay outside, unread, as its measure. trust132 to trust137 were written mid-session
# and scored unread by its code of the moment (e27dd10: * "first"); the odd-numbered three were then read
# and tuned on, and trust132, 134 and 136 stay outside, unread. "final" for the seven read is the
# fourteenth's code. trust144 and trust145 were written at the start of the fifteenth session and scored
# unread by its opening code, then read and tuned on; trust146 and trust147 were written after the first
# round of changes and scored unread by the code of that moment (* "first"), then read; trust148 to
# trust151 were written later and scored unread by the code of its moment (** "first"); trust149 and
# trust151, chosen by number before any was read, were then read and tuned on, and trust148 and trust150
# stay outside, unread. trust151 (short phone queries and whether-asks) stays the weakest: most of its
# misses are whether-asks ("污染过的地能不能盖房", "有个老板想在唐河边开厂行不行") answered "本文件没有直接提到
# 「盖房」" with the governing task as the first suggestion. "final" for these six is the fifteenth's code.
# trust152 to trust155 were written at the start of the sixteenth session and scored unread by its opening
# code; trust152 and trust153, chosen by number before any was read, were then read and tuned on, and
# trust154 and trust155 stay outside, unread. trust156 to trust159 were written later in it and scored unread
# by its code of the moment (25eaec5: * "first"); trust156 and trust158, chosen by number before any was read,
# were then read and tuned on, and trust157 and trust159 stay outside, unread. "final" for the four read is
# the sixteenth's code.
# "final" is the thirteenth's code. * Three of trust122's four multi-part misses join a part asking
# whether something may be built ("唐河边能建厂吗。另外地下水重点区咋管", "修高速路会不会被卡"), which alone is
# answered "not directly mentioned"; the fourth is "EIA和排污许可联动 plus 红线监管".
# * trust113's one nolead miss ("水利的有事吗 分工里有他们没": 水利 said as a line of work before 的) is
# answered "本文件没有直接提到「水利」", not that 水利局 leads nothing: reading a line of work before 的 as
# its bureau cost three topic answers elsewhere (规划的 would name the 自然资源规划局).
# * trust63's first department score was 81.2%.
# trust28 to trust30 were written near the end of the fifth session; their first score is the code's last
# before their misses were read, and the honest measure of refusals on unseen questions. Their misses were
# then read and mended with data (asks and programmes). * trust30's one department-list miss (first 94.1%:
# a department named in one sentence and asked of as 我们单位 in the next) was mended before. * trust59's
# one department miss (first 93.8%: "环保局都管哪些条", where 些条 was read as a slip for 协调) was mended
# in the ninth session.
# trust15's topic fell from 94.5 when 变差 stopped being read as a slip for 边界 (it is a word: see
# Store.real_words); that question was right only by that slip. The target (none 95%) is reached
# only on sets that were tuned on; on sets scored before any tuning, none was 82-92% (trust22 to trust27,
# written mid-session, scored 84.9-90.4 first and were then tuned on).
WRITER_SET_FLOORS = {
    "trust2.tsv": {"topic": 0.94, "topic@3": 0.96, "none": 0.95, "multi": 0.86},
    "trust3.tsv": {"topic": 0.95, "topic@3": 0.98, "none": 0.92, "multi": 0.93},
    "trust4.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.95, "multi": 0.93},
    "trust5.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.89, "multi": 0.93},
    "trust6.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.9, "multi": 0.93},
    "trust7.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.92, "multi": 0.87},
    "trust8.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.86, "multi": 0.96},
    "trust9.tsv": {"topic": 0.94, "topic@3": 0.96, "none": 0.93, "multi": 0.93},
    "trust10.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.86, "multi": 0.96},
    "trust11.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.86, "multi": 0.93},
    "trust12.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.87, "multi": 0.96},
    "trust13.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.86, "multi": 0.96},
    "trust14.tsv": {"topic": 0.93, "topic@3": 0.95, "none": 0.88, "multi": 0.96},
    "trust15.tsv": {"topic": 0.92, "topic@3": 0.94, "none": 0.85, "multi": 0.96},
    "trust16.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust17.tsv": {"topic": 0.94, "topic@3": 0.96, "none": 0.85, "multi": 0.96},
    "trust18.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.92, "multi": 0.93},
    "trust19.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.94, "multi": 0.93},
    "trust20.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.93, "multi": 0.96},
    "trust21.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.92, "multi": 0.95},
    "trust22.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.88, "multi": 0.96},
    "trust23.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.92, "multi": 0.93},
    "trust24.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.87, "multi": 0.96},
    "trust25.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.93, "multi": 0.96},
    "trust26.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.91, "multi": 0.96},
    "trust27.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.9, "multi": 0.96},
    "trust28.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.93, "multi": 0.96},
    "trust29.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.94, "multi": 0.96},
    "trust30.tsv": {"topic": 0.94, "topic@3": 0.96, "none": 0.92, "multi": 0.93},
    "trust31.tsv": {"topic": 0.95, "topic@3": 0.98, "none": 0.89, "multi": 0.96},
    "trust32.tsv": {"topic": 0.94, "topic@3": 0.95, "none": 0.9, "multi": 0.96},
    "trust33.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.93, "multi": 0.96},
    "trust34.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.89, "multi": 0.93},
    "trust37.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.94, "multi": 0.96},
    "trust38.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.93, "multi": 0.93},
    "trust39.tsv": {"topic": 0.95, "topic@3": 0.97, "none": 0.94, "multi": 0.96},
    "trust35.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust36.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.96, "multi": 0.96},
    "trust40.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust41.tsv": {"topic": 0.94, "topic@3": 0.94, "none": 0.92, "multi": 0.93},
    "trust42.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.96, "multi": 0.93},
    "trust43.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.94, "multi": 0.93},
    "trust44.tsv": {"topic": 0.94, "topic@3": 0.98, "none": 0.94, "multi": 0.93},
    "trust45.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.95, "multi": 0.93},
    "trust46.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.94, "multi": 0.93},
    "trust47.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust52.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.93, "multi": 0.96},
    "trust53.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.93, "multi": 0.96},
    "trust54.tsv": {"topic": 0.96, "topic@3": 0.97, "none": 0.91, "multi": 0.96},
    "trust55.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.94, "multi": 0.96},
    "trust56.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust57.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.89, "multi": 0.96},
    "trust58.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.87, "multi": 0.96},
    "trust59.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.93, "multi": 0.96},
    "trust60.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.95, "multi": 0.95},
    "trust61.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.89, "multi": 0.95},
    "trust62.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.92, "multi": 0.96},
    "trust63.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.92, "multi": 0.96},
    "trust64.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.96, "multi": 0.96},
    "trust65.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.97, "multi": 0.96},
    "trust66.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.95, "multi": 0.96},
    "trust67.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.99, "multi": 0.92},
    "trust68.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.91, "multi": 0.96},
    "trust69.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.95, "multi": 0.96},
    "trust91.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.96, "multi": 0.96},
    "trust92.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.92, "multi": 0.96},
    "trust93.tsv": {"topic": 0.96, "topic@3": 0.97, "none": 0.97, "multi": 0.96},
    "trust94.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.97, "multi": 0.96},
    "trust95.tsv": {"topic": 0.94, "topic@3": 0.97, "none": 0.93, "multi": 0.95},
    "trust96.tsv": {"topic": 0.93, "topic@3": 0.95, "none": 0.92, "multi": 0.96},
    "trust97.tsv": {"topic": 0.94, "topic@3": 0.95, "none": 0.96, "multi": 0.96},
    "trust98.tsv": {"topic": 0.97, "topic@3": 0.99, "none": 0.98, "multi": 0.96},
    "trust104.tsv": {"topic": 0.94, "topic@3": 0.95, "none": 0.96, "multi": 0.96},
    "trust105.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.96, "multi": 0.96},
    "trust106.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.95, "multi": 0.96},
    "trust108.tsv": {"topic": 0.97, "topic@3": 0.99, "none": 0.96, "multi": 0.96},
    "trust111.tsv": {"topic": 0.92, "topic@3": 0.92, "none": 0.95, "multi": 0.96},
    "trust112.tsv": {"topic": 0.93, "topic@3": 0.96, "none": 0.97, "multi": 0.96},
    "trust113.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.99, "multi": 0.96, "nolead": 0.96},
    "trust114.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.97, "multi": 0.93},
    "trust115.tsv": {"topic": 0.96, "topic@3": 0.99, "none": 0.99, "multi": 0.96},
    "trust116.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.97, "multi": 0.96},
    "trust117.tsv": {"topic": 0.94, "topic@3": 0.96, "none": 0.99, "multi": 0.96},
    "trust118.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.99, "multi": 0.96},
    "trust121.tsv": {"topic": 0.95, "topic@3": 0.96, "none": 0.99, "multi": 0.96},
    "trust122.tsv": {"topic": 0.96, "topic@3": 0.97, "none": 0.97, "multi": 0.86},
    "trust123.tsv": {"topic": 0.96, "topic@3": 0.97, "none": 0.99, "multi": 0.96},
    "trust124.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.99, "multi": 0.96},
    "trust125.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.99, "multi": 0.96},
    "trust127.tsv": {"topic": 0.96, "topic@3": 0.98, "none": 0.99, "multi": 0.96},
    "trust129.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.99, "multi": 0.96},
    "trust131.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.99, "multi": 0.96},
    "trust133.tsv": {"topic": 0.96, "topic@3": 0.96, "none": 0.99, "multi": 0.96},
    "trust135.tsv": {"topic": 0.98, "topic@3": 0.98, "none": 0.99, "multi": 0.96},
    "trust137.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.98, "multi": 0.96},
    "trust144.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.94, "multi": 0.96},
    "trust145.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.98, "multi": 0.96},
    "trust146.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.96, "multi": 0.96},
    "trust147.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.98, "multi": 0.96},
    "trust149.tsv": {"topic": 0.98, "topic@3": 0.99, "none": 0.97, "multi": 0.96},
    "trust151.tsv": {"topic": 0.93, "topic@3": 0.93, "none": 0.96, "multi": 0.96},
    "trust152.tsv": {"topic": 0.97, "topic@3": 0.97, "none": 0.97, "multi": 0.96},
    "trust153.tsv": {"topic": 0.97, "topic@3": 0.98, "none": 0.98, "multi": 0.96},
    "trust156.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.94, "multi": 0.96},
    "trust158.tsv": {"topic": 0.99, "topic@3": 0.99, "none": 0.99, "multi": 0.96},
}
OTHER_SETS = {
    "validation.tsv": SMALLER_SET_FLOORS,
    "holdout.tsv": SMALLER_SET_FLOORS,
    "trust.tsv": TRUST_FLOORS,
    **{name: {"nolead": 1.0, "department": 1.0, **floors} for name, floors in WRITER_SET_FLOORS.items()},
}


@pytest.fixture(scope="module")
def report(answerer):
    return evaluate(answerer.answer, load_questions(QUESTIONS))


def test_question_set_is_large_and_covers_every_kind(report):
    assert sum(report.totals[k] for k in FLOORS if k != "topic@3") >= 300
    assert set(FLOORS) <= set(report.totals)


@pytest.mark.parametrize("metric", FLOORS)
def test_quality_floor(report, metric):
    misses = [
        f"{q.kind} {q.expected} {q.text!r} -> {[r.task.number for r in a.results][:3]}"
        for q, a in report.misses
        if q.kind == metric.split("@")[0]
    ]
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines() + misses)


def test_every_present_task_is_the_expected_answer_of_some_topic_question():
    expected = {q.expected[0] for q in load_questions(QUESTIONS) if q.kind == "topic"}
    assert expected == set(range(1, 38)) - {4, 20}


@pytest.mark.parametrize("name", OTHER_SETS)
def test_quality_floors_on_independently_written_sets(answerer, name):
    report = evaluate(answerer.answer, load_questions(QUESTIONS.parent / name))
    failing = [m for m, floor in OTHER_SETS[name].items() if report.rate(m) < floor]
    misses = [
        f"{q.kind} {q.expected} {q.text!r} -> {[r.task.number for r in a.results][:3]}"
        for q, a in report.misses
    ]
    assert not failing, "\n".join(report.lines() + misses)


# With out_of_scope.txt emptied, what the answerer refuses by itself: asks for details no task states (a
# fee, an hour, how to apply, an amount, a date, a list, whether an activity is allowed or a place is in a
# zone), other cities' plans, and too little evidence. Measured: questions 95.4%, validation 95.6%,
# holdout 90.0%, trust 90.4%, trust2 90.1%, trust3 82.7%; trust16 88.2%, trust17 78.9%, trust18 87.4%
# (79.0%, 73.4%, 77.5% before issue 11's fifth session, while never tuned on), trust19 90.8%, trust20 85.2%,
# trust21 87.4%, trust22 85.3%, trust23 81.5%, trust24 84.2%, trust25 88.7%, trust26 87.4%, trust27 84.8%,
# and on the sets never tuned on, trust28 85.6%, trust29 88.3%, trust30 78.6% (at the start of issue 11 the
# first four were 81.5%, 62.2%, 70.0%, 41.5%). Sixth session, after tuning: trust31 85.6%, trust32 89.6%,
# trust33 88.5%, trust34 84.1%, trust37 91.8%, trust38 91.6%, trust39 94.0% (80.2%, 85.2%, 86.7%, 81.4%
# for the first four at its start); never tuned on, trust41 77.1% (short phone queries), trust42 84.5%.
# Seventh session, after tuning: trust35 89.3%, trust36 89.1%, trust40 89.2%, trust41 81.4%, trust42 85.5%,
# trust43 86.4%, trust44 84.4%, trust45 87.8%, trust46 87.8%, trust47 91.0%. Eighth session, after
# tuning: trust52 86.4% (short phone queries), trust53 88.6% (situations in village words). Ninth session:
# trust52 87.3%, trust53 89.5%, trust54 88.4%, trust55 90.1%, trust56 90.6%, trust57 83.6%, trust58 83.6%
# (keyword pairs, who does what to a thing), trust59 85.6% (a township group chat).
UNLISTED_NONE_FLOORS = {
    "questions.tsv": 0.93,
    "validation.tsv": 0.93,
    "holdout.tsv": 0.87,
    "trust.tsv": 0.87,
    "trust2.tsv": 0.85,
    "trust3.tsv": 0.78,
    "trust16.tsv": 0.85,
    "trust17.tsv": 0.75,
    "trust18.tsv": 0.84,
    "trust19.tsv": 0.87,
    "trust20.tsv": 0.82,
    "trust21.tsv": 0.84,
    "trust22.tsv": 0.82,
    "trust23.tsv": 0.78,
    "trust24.tsv": 0.81,
    "trust25.tsv": 0.85,
    "trust26.tsv": 0.84,
    "trust27.tsv": 0.81,
    "trust28.tsv": 0.82,
    "trust29.tsv": 0.85,
    "trust30.tsv": 0.75,
    "trust31.tsv": 0.83,
    "trust32.tsv": 0.86,
    "trust33.tsv": 0.85,
    "trust34.tsv": 0.81,
    "trust37.tsv": 0.89,
    "trust38.tsv": 0.88,
    "trust39.tsv": 0.91,
    "trust35.tsv": 0.87,
    "trust36.tsv": 0.87,
    "trust40.tsv": 0.87,
    "trust41.tsv": 0.79,
    "trust42.tsv": 0.83,
    "trust43.tsv": 0.84,
    "trust44.tsv": 0.82,
    "trust45.tsv": 0.85,
    "trust46.tsv": 0.85,
    "trust47.tsv": 0.89,
    "trust52.tsv": 0.84,
    "trust53.tsv": 0.86,
    "trust54.tsv": 0.87,
    "trust55.tsv": 0.88,
    "trust56.tsv": 0.89,
    "trust57.tsv": 0.82,
    "trust58.tsv": 0.82,
    "trust59.tsv": 0.84,
    "trust60.tsv": 0.88,
    "trust61.tsv": 0.85,
    "trust62.tsv": 0.86,
    "trust63.tsv": 0.86,
    "trust64.tsv": 0.93,
    "trust65.tsv": 0.91,
    "trust66.tsv": 0.9,
    "trust67.tsv": 0.96,
    "trust68.tsv": 0.79,
    "trust69.tsv": 0.89,
    "trust91.tsv": 0.88,
    "trust92.tsv": 0.86,
    "trust93.tsv": 0.86,
    "trust94.tsv": 0.91,
    "trust95.tsv": 0.89,
    "trust96.tsv": 0.86,
    "trust97.tsv": 0.88,
    "trust98.tsv": 0.91,
    "trust104.tsv": 0.93,
    "trust105.tsv": 0.93,
    "trust106.tsv": 0.88,
    "trust108.tsv": 0.88,
    "trust111.tsv": 0.92,
    "trust112.tsv": 0.92,
    "trust113.tsv": 0.91,
    "trust114.tsv": 0.9,
    "trust115.tsv": 0.91,
    "trust116.tsv": 0.91,
    "trust117.tsv": 0.88,
    "trust118.tsv": 0.91,
    "trust121.tsv": 0.91,
    "trust122.tsv": 0.83,
    "trust123.tsv": 0.94,
    "trust124.tsv": 0.91,
    "trust125.tsv": 0.84,
    "trust127.tsv": 0.85,
    "trust129.tsv": 0.9,
    "trust131.tsv": 0.93,
    "trust133.tsv": 0.96,
    "trust135.tsv": 0.89,
    "trust137.tsv": 0.89,
    "trust144.tsv": 0.86,
    "trust145.tsv": 0.93,
    "trust146.tsv": 0.86,
    "trust147.tsv": 0.89,
    "trust149.tsv": 0.84,
    "trust151.tsv": 0.89,
    "trust152.tsv": 0.88,
    "trust153.tsv": 0.89,
    "trust156.tsv": 0.9,
    "trust158.tsv": 0.87,
}


@pytest.mark.parametrize("name", UNLISTED_NONE_FLOORS)
def test_questions_outside_the_plan_are_refused_without_the_curated_list(unlisted, name):
    questions = [q for q in load_questions(QUESTIONS.parent / name) if q.kind == "none"]
    report = evaluate(unlisted.answer, questions)
    misses = [f"{q.text!r} -> {[r.task.number for r in a.results][:3]}" for q, a in report.misses]
    assert report.rate("none") >= UNLISTED_NONE_FLOORS[name], "\n".join(report.lines() + misses)
