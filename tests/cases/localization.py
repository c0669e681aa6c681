"""Localisation cases, each written from a published source named beside it.

Each case is an examination picture as a clinician records it, the site a clinician would name
first (`top`) and, where the source says so, sites that must rank below it (`below`). The sources
are those of ../shared/reference/lower-limb-neuro-facts.md (tags as in its key: HARR = Harrison's
19e lumbosacral radiculopathy table, ISNCSCI-M/-S = ISNCSCI key muscles / sensory points, MSD,
OB-SPINE = Orthobullets lower-extremity neuro exam, NEUROEXAM, and the discriminator articles of
its §3 and §7) and dysfunctions-tests-exercises.md. The cases were written from the sources, not
from the model's output; a case the model gets wrong stays here, marked `xfail` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def site_names(candidate: dict[str, Any]) -> set[str]:
    """A ranked site's names: its own id and, for a nerve at one of its levels, the nerve's id (local names)."""
    names = {candidate["id"].rsplit("/", 1)[-1]}
    if candidate.get("nerve"):
        names.add(candidate["nerve"].rsplit("/", 1)[-1])
    return names


def rank_of(candidates: list[dict[str, Any]], name: str) -> int:
    """Where the first site called `name` (a site id, or a nerve at any of its levels) ranks, from 0."""
    return next(i for i, c in enumerate(candidates) if name in site_names(c))


@dataclass(frozen=True)
class Case:
    """One localisation case."""

    id: str
    source: str
    findings: dict[str, Any]
    top: str
    below: tuple[str, ...] = ()
    kind: str = ""
    xfail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    # ------------------------------------------------------------------ single roots (HARR, ISNCSCI, OB-SPINE)
    Case(
        "L2-hip-flexion-and-adduction-upper-anterior-thigh",
        "HARR L2 row (psoas, hip adductors; upper anterior thigh); ISNCSCI-M L2 hip flexors",
        {
            "weak": ["hip flexion", "hip adduction"],
            "numb": ["L2 dermatome"],
            "normal": ["ankle dorsiflexion"],
            "reflexes": {"knee jerk": "normal"},
        },
        "L2",
        kind="root",
    ),
    Case(
        "L3-knee-extension-and-adduction-reduced-knee-jerk",
        "HARR L3 row (quadriceps, thigh adductors; knee jerk; lower anterior thigh); ISNCSCI-S L3 medial femoral condyle",
        {
            "weak": ["knee extension", "hip adduction"],
            "reflexes": {"knee jerk": "reduced"},
            "numb": ["medial knee"],
            "normal": ["ankle dorsiflexion"],
        },
        "L3",
        kind="root",
    ),
    Case(
        "L4-quadriceps-tibialis-anterior-medial-calf",
        "HARR L4 row (quadriceps, thigh adductors, tibialis anterior; knee jerk; medial calf); ISNCSCI-S L4 medial malleolus",
        {
            "weak": ["knee extension", "ankle dorsiflexion"],
            "reflexes": {"knee jerk": "reduced"},
            "numb": ["medial malleolus region"],
            "normal": ["great toe extension", "ankle plantarflexion"],
        },
        "L4",
        below=("femoral_nerve",),
        kind="root",
    ),
    Case(
        "L4-quadriceps-adductors-dorsiflexion",
        "lower-limb-neuro-facts §7.2: weak adductors with quadriceps point to a root, L4 also takes tibialis anterior",
        {"weak": ["knee extension", "hip adduction", "ankle dorsiflexion"]},
        "L4",
        below=("femoral_nerve",),
        kind="root",
    ),
    Case(
        "L5-harrison-picture",
        "HARR L5 row (peronei, tibialis anterior, gluteus medius, toe dorsiflexors; dorsal foot, lateral calf; no reflex)",
        {
            "weak": ["great toe extension", "ankle dorsiflexion", "foot eversion", "hip abduction"],
            "numb": ["dorsum of foot"],
            "reflexes": {"knee jerk": "normal", "ankle jerk": "normal"},
        },
        "L5",
        below=("common_fibular_nerve",),
        kind="root",
    ),
    Case(
        "L5-key-muscle-great-toe-extension",
        "ISNCSCI-M L5 long toe extensors; ISNCSCI-S L5 dorsum of foot at the third MTP joint",
        {
            "weak": ["great toe extension", "foot inversion"],
            "numb": ["dorsum of foot"],
            "normal": ["knee extension", "ankle plantarflexion"],
        },
        "L5",
        kind="root",
    ),
    Case(
        "L5-foot-drop-with-hip-abduction-Jeon-2013",
        "Jeon et al. Spine 2013;38:257 (hip abductor weakness 85.7% in L5 radiculopathy vs 3.6% in peroneal neuropathy)",
        {"weak": ["ankle dorsiflexion", "great toe extension", "hip abduction"]},
        "L5",
        below=("common_fibular_nerve",),
        kind="root",
    ),
    Case(
        "L5-foot-drop-with-hip-abduction-plantarflexion-normal-Jeon-2013",
        "Jeon et al. Spine 2013;38:257: a foot drop with weak hip abduction is L5 radiculopathy (Sn 85.7%, Sp 96.4% "
        "against peroneal neuropathy); tibialis anterior is L4–L5 but gluteus medius is L5 (HARR L5 row), so not L4",
        {"weak": ["ankle dorsiflexion=3", "hip abduction"], "normal": ["ankle plantarflexion"]},
        "L5",
        below=("L4", "common_fibular_nerve"),
        kind="root",
    ),
    Case(
        "L5-foot-drop-with-weak-inversion",
        "lower-limb-neuro-facts §7.1 (musculoskeletalkey: loss of tibialis posterior in foot drop suggests L5)",
        {"weak": ["ankle dorsiflexion", "foot inversion", "hip abduction", "great toe extension"]},
        "L5",
        below=("common_fibular_nerve",),
        kind="root",
    ),
    Case(
        "L5-medial-hamstring-reflex",
        "lower-limb-neuro-facts §4 and §7.1 (medial hamstring reflex reduced in L5, kept in fibular palsy)",
        {"weak": ["ankle dorsiflexion", "great toe extension"], "reflexes": {"hamstring reflex": "reduced"}},
        "L5",
        below=("common_fibular_nerve",),
        kind="root",
    ),
    Case(
        "L5-radiculopathy-with-positive-SLR-and-back-pain",
        "HARR (SLR sign with L5–S1 roots); MSD lumbosacral radiculopathy",
        {
            "weak": ["great toe extension", "hip abduction"],
            "numb": ["dorsum of foot"],
            "signs": ["low back pain", "radiating leg pain"],
            "tests": ["straight leg raise=positive"],
        },
        "L5",
        kind="root",
    ),
    Case(
        "S1-plantarflexion-absent-ankle-jerk-lateral-foot",
        "HARR S1 row (gastrocnemius/soleus, gluteus maximus; ankle jerk; plantar and lateral foot); lower-limb-neuro-facts §7.10",
        {
            "weak": ["ankle plantarflexion", "foot eversion"],
            "normal": ["ankle dorsiflexion"],
            "reflexes": {"ankle jerk": "absent"},
            "numb": ["lateral foot"],
        },
        "S1",
        below=("tibial_nerve",),
        kind="root",
    ),
    Case(
        "S1-with-hip-extension-and-SLR",
        "HARR S1 row (gluteus maximus); MSD (positive SLR); lower-limb-neuro-facts §7.9 (S1 weakens more than one nerve)",
        {
            "weak": ["ankle plantarflexion", "hip extension"],
            "reflexes": {"ankle jerk": "reduced"},
            "numb": ["lateral heel"],
            "tests": ["straight leg raise=positive"],
        },
        "S1",
        below=("tibial_nerve", "inferior_gluteal_nerve"),
        kind="root",
    ),
    Case(
        "S1-radiating-pain-toe-walking",
        "lower-limb-neuro-facts §7.10 (difficulty walking on toes, reduced Achilles reflex, lateral foot and little toe, radiating pain, positive SLR)",
        {
            "weak": ["ankle plantarflexion"],
            "reflexes": {"Achilles reflex": "reduced"},
            "numb": ["lateral foot", "little toe"],
            "signs": ["radiating leg pain"],
            "tests": ["SLR=positive"],
        },
        "S1",
        kind="root",
    ),
    Case(
        "L4-femoral-stretch-positive",
        "HARR (reverse straight-leg-raising sign with L2–L4 roots); HARR L4 row",
        {
            "weak": ["ankle dorsiflexion", "knee extension"],
            "reflexes": {"knee jerk": "reduced"},
            "tests": ["femoral nerve stretch test=positive"],
            "numb": ["medial leg"],
        },
        "L4",
        kind="root",
    ),
    # ------------------------------------------------------------------ two roots and the cauda equina
    Case(
        "L4-L5-quadriceps-and-foot-drop-with-hip-abduction",
        "HARR L4 and L5 rows together (quadriceps and knee jerk with gluteus medius and toe extensors)",
        {
            "weak": ["knee extension", "ankle dorsiflexion", "great toe extension", "hip abduction"],
            "reflexes": {"knee jerk": "reduced"},
            "numb": ["medial leg", "dorsum of foot"],
        },
        "L4+L5",
        kind="roots",
    ),
    Case(
        "L5-S1-hip-abduction-plantarflexion-absent-ankle-jerk",
        "HARR L5 and S1 rows together (gluteus medius, toe extensors, gastrocnemius; ankle jerk)",
        {
            "weak": ["great toe extension", "hip abduction", "ankle plantarflexion", "hip extension"],
            "reflexes": {"ankle jerk": "absent", "knee jerk": "normal"},
            "numb": ["dorsum of foot", "lateral foot"],
            "normal": ["knee extension"],
        },
        "L5+S1",
        kind="roots",
    ),
    Case(
        "cauda-equina-saddle-retention-bilateral",
        "red-flag picture of cauda equina compression (textbook; the shared references give no source, see docs)",
        {
            "weak": ["bilateral ankle plantarflexion"],
            "signs": ["saddle anaesthesia", "urinary retention", "reduced anal tone"],
            "reflexes": {"bilateral ankle jerk": "absent"},
        },
        "cauda_equina",
        kind="cauda equina",
    ),
    Case(
        "cauda-equina-sciatica-with-sphincter-signs",
        "red-flag picture of cauda equina compression (textbook; the shared references give no source, see docs)",
        {"signs": ["bilateral radiating leg pain", "urinary retention", "saddle anaesthesia", "low back pain"]},
        "cauda_equina",
        kind="cauda equina",
    ),
    # ------------------------------------------------------------------ plexus
    Case(
        "lumbar-plexus-femoral-and-obturator-territories-in-diabetes",
        "lower-limb-neuro-facts §7.2 (weak adductors with quadriceps: root or plexus, not femoral); the diabetes "
        "prior is an assumption documented in docs/reasoning.md, not a reference fact",
        {
            "weak": ["knee extension", "hip adduction", "hip flexion"],
            "numb": ["anterior thigh", "medial thigh"],
            "reflexes": {"knee jerk": "absent"},
            "normal": ["ankle dorsiflexion"],
            "context": ["diabetes"],
        },
        "lumbar_plexus",
        below=("femoral_nerve", "obturator_nerve"),
        kind="plexus",
    ),
    # ------------------------------------------------------------------ peripheral nerves
    Case(
        "common-fibular-spares-inversion-and-hip-abduction",
        "Medscape 1141734 (foot drop sparing plantar flexion and inversion = peroneal); lower-limb-neuro-facts §7.1",
        {
            "weak": ["ankle dorsiflexion", "great toe extension", "foot eversion"],
            "normal": ["foot inversion", "hip abduction"],
        },
        "common_fibular_nerve",
        below=("L5",),
        kind="nerve",
    ),
    Case(
        "common-fibular-with-sensory-loss-and-normal-reflexes",
        "Medscape 1141734 (sensory loss lateral calf and dorsum of foot); lower-limb-neuro-facts §3, §7.1",
        {
            "weak": ["ankle dorsiflexion", "foot eversion"],
            "normal": ["ankle plantarflexion", "ankle inversion"],
            "numb": ["dorsum of foot", "lateral leg"],
            "reflexes": {"ankle jerk": "normal", "hamstring reflex": "normal"},
        },
        "common_fibular_nerve",
        below=("L5",),
        kind="nerve",
    ),
    Case(
        "common-fibular-leg-crossing-Tinel",
        "primarycarenotebook foot drop (painless foot drop with habitual leg crossing favours fibular neuropathy)",
        {
            "signs": ["foot drop"],
            "normal": ["foot inversion", "hip abduction"],
            "tests": ["Tinel test at the fibular neck=positive"],
            "context": ["leg crossing"],
        },
        "common_fibular_nerve",
        kind="nerve",
    ),
    Case(
        "deep-fibular-first-web-space",
        "Elsevier superficial/deep fibular nerve (deep fibular: first web space); lower-limb-neuro-facts §3",
        {
            "weak": ["ankle dorsiflexion", "great toe extension"],
            "normal": ["foot eversion", "foot inversion"],
            "numb": ["first web space"],
        },
        "deep_fibular_nerve",
        kind="nerve",
    ),
    Case(
        "superficial-fibular-eversion-dorsum",
        "Orthobullets superficial peroneal nerve (anterolateral leg and dorsum of foot); lower-limb-neuro-facts §3",
        {
            "weak": ["foot eversion"],
            "normal": ["ankle dorsiflexion", "great toe extension", "foot inversion"],
            "numb": ["anterolateral leg"],
        },
        "superficial_fibular_nerve",
        kind="nerve",
    ),
    Case(
        "femoral-spares-adductors",
        "Medscape 1141793 (isolated femoral neuropathy: adductors normal); lower-limb-neuro-facts §7.2",
        {"weak": ["knee extension"], "normal": ["hip adduction"]},
        "femoral_nerve",
        below=("L3", "L4"),
        kind="nerve",
    ),
    Case(
        "femoral-with-iliopsoas-absent-knee-jerk-and-sensory-loss",
        "Medscape 1141793 (iliopsoas weak above the inguinal ligament; sensory loss medial thigh, anteromedial calf)",
        {
            "weak": ["knee extension", "hip flexion"],
            "normal": ["hip adduction", "ankle dorsiflexion"],
            "reflexes": {"knee jerk": "absent"},
            "numb": ["anterior thigh", "medial leg"],
        },
        "femoral_nerve",
        below=("L3", "L4", "lumbar_plexus"),
        kind="nerve",
    ),
    Case(
        "obturator-adduction-medial-thigh",
        "lower-limb-neuro-facts §7.8 (PMC2682412: weak adduction, medial thigh sensory loss)",
        {"weak": ["hip adduction"], "numb": ["medial thigh"], "normal": ["knee extension"]},
        "obturator_nerve",
        below=("L3",),
        kind="nerve",
    ),
    Case(
        "obturator-after-childbirth-absent-adductor-reflex",
        "lower-limb-neuro-facts §7.8 (absent adductor reflex; childbirth as a cause)",
        {
            "weak": ["hip adduction"],
            "reflexes": {"adductor reflex": "absent"},
            "normal": ["knee extension"],
            "context": ["childbirth"],
        },
        "obturator_nerve",
        kind="nerve",
    ),
    Case(
        "superior-gluteal-isolated-hip-abduction",
        "lower-limb-neuro-facts §7.3 (isolated hip-abduction weakness: superior gluteal beats L5 by parsimony)",
        {"weak": ["hip abduction"]},
        "superior_gluteal_nerve",
        below=("L5",),
        kind="nerve",
    ),
    Case(
        "superior-gluteal-after-hip-surgery-Trendelenburg",
        "Orthobullets SGN (at risk in the lateral hip approach; Trendelenburg sign; no cutaneous loss); §7.3",
        {
            "weak": ["hip abduction", "hip internal rotation"],
            "signs": ["Trendelenburg sign"],
            "normal": ["ankle dorsiflexion", "great toe extension"],
            "normal_sensation": ["dorsum of foot"],
            "context": ["hip surgery"],
        },
        "superior_gluteal_nerve",
        below=("L5",),
        kind="nerve",
    ),
    Case(
        "inferior-gluteal-isolated-hip-extension",
        "StatPearls IGN injury (weak hip extension tested prone with knee flexed; no sensory loss); §7.4",
        {"weak": ["hip extension"], "normal": ["knee flexion", "hip abduction"]},
        "inferior_gluteal_nerve",
        below=("S1",),
        kind="nerve",
    ),
    Case(
        "inferior-gluteal-after-injection-with-wasting",
        "Radiopaedia inferior gluteal neuropathy (IM injection); lower-limb-neuro-facts §7.4 (gluteus maximus wasting)",
        {
            "weak": ["hip extension"],
            "signs": ["wasting of gluteus maximus", "difficulty rising from a chair"],
            "normal": ["knee flexion", "ankle plantarflexion"],
            "context": ["injection"],
        },
        "inferior_gluteal_nerve",
        kind="nerve",
    ),
    Case(
        "sciatic-hamstrings-and-below-knee-sparing-glutei",
        "primarycarenotebook sciatic nerve lesion; Adams' Principles via lookfordiagnosis; lower-limb-neuro-facts §7.6",
        {
            "weak": ["knee flexion", "ankle dorsiflexion", "ankle plantarflexion", "foot eversion", "foot inversion"],
            "normal": ["hip abduction"],
            "reflexes": {"ankle jerk": "absent", "knee jerk": "normal"},
        },
        "sciatic_nerve",
        below=("L5+S1",),
        kind="nerve",
    ),
    Case(
        "sciatic-after-injection",
        "lower-limb-neuro-facts §7.6 (injection; glutei spared; sensory loss below the knee and in the foot)",
        {
            "weak": ["ankle dorsiflexion", "ankle plantarflexion", "knee flexion"],
            "numb": ["sole of foot", "dorsum of foot"],
            "normal": ["hip extension", "hip abduction"],
            "context": ["injection"],
        },
        "sciatic_nerve",
        kind="nerve",
    ),
    Case(
        "tibial-spares-eversion-and-hip-extension",
        "wikilectures tibial nerve examination; Dartmouth tibial tutorial; lower-limb-neuro-facts §7.9",
        {
            "weak": ["ankle plantarflexion", "toe flexion", "foot inversion"],
            "normal": ["foot eversion", "hip extension"],
            "numb": ["sole of foot"],
        },
        "tibial_nerve",
        below=("S1",),
        kind="nerve",
    ),
    Case(
        "meralgia-anterolateral-thigh-normal-strength",
        "Medscape 1141848 (paraesthesia/numbness of the anterolateral thigh, strength and reflexes normal); §7.7",
        {"numb": ["anterolateral thigh"], "normal": ["knee extension", "hip flexion"]},
        "lateral_femoral_cutaneous_nerve",
        below=("L2", "L3", "femoral_nerve"),
        kind="nerve",
    ),
    Case(
        "meralgia-pelvic-compression-test",
        "Medscape 1141848 (pelvic compression test sens. 95%, spec. 93.3%; reflexes normal); §7.7",
        {
            "signs": ["anterolateral thigh paresthesia"],
            "tests": ["pelvic compression test=positive"],
            "reflexes": {"knee jerk": "normal"},
            "normal": ["knee extension"],
        },
        "lateral_femoral_cutaneous_nerve",
        kind="nerve",
    ),
    Case(
        "saphenous-medial-leg",
        "Radiopaedia saphenous nerve (medial knee, medial leg, medial malleolus, medial foot); §3",
        {
            "numb": ["medial leg", "medial malleolus region"],
            "normal": ["knee extension", "ankle dorsiflexion"],
            "reflexes": {"knee jerk": "normal"},
        },
        "saphenous_nerve",
        below=("L4",),
        kind="nerve",
    ),
    Case(
        "sural-lateral-foot",
        "openanesthesia lower-extremity sensory distribution (sural: posterolateral leg, lateral foot to 5th toe); §3",
        {
            "numb": ["lateral foot", "little toe"],
            "normal": ["ankle plantarflexion", "foot eversion"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "sural_nerve",
        below=("S1",),
        kind="nerve",
    ),
    Case(
        "saphenous-whole-medial-leg-not-the-medial-cutaneous-nerve-of-thigh",
        "StatPearls saphenous nerve (medial leg to the medial foot); lower-limb-completion C98/C99 (the medial "
        "cutaneous nerve of thigh reaches only the upper medial leg)",
        {
            "numb": ["medial leg"],
            "normal": ["knee extension", "hip adduction"],
            "reflexes": {"knee jerk": "normal"},
        },
        "saphenous_nerve",
        below=("medial_cutaneous_nerve_of_thigh", "L4"),
        kind="nerve",
    ),
    Case(
        "sural-nerve-not-one-of-its-two-roots-of-formation",
        "lower-limb-completion C108/C109 (sural territory: lateral foot to the little toe) and C111 (the sural "
        "nerve is formed by the medial sural cutaneous nerve and the sural communicating branch)",
        {
            "numb": ["lateral foot"],
            "normal": ["ankle plantarflexion", "foot eversion"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "sural_nerve",
        below=("medial_sural_cutaneous_nerve", "sural_communicating_branch", "S1"),
        kind="nerve",
    ),
    Case(
        "posterior-femoral-cutaneous-posterior-thigh",
        "Stedman's via ed.newdu.com; anatomy.co.uk (posterior thigh and popliteal region); §3",
        {
            "numb": ["posterior thigh", "popliteal fossa"],
            "normal": ["knee flexion", "hip extension", "ankle plantarflexion"],
        },
        "posterior_femoral_cutaneous_nerve",
        kind="nerve",
    ),
    # ------------------------------------------------------------------ irritative entrapments
    Case(
        "piriformis-syndrome-sitting-pain-FAIR-normal-exam",
        "lower-limb-neuro-facts §7.5 (buttock pain worse with sitting, FAIR supportive, neurological exam normal)",
        {
            "signs": ["buttock pain", "pain worse with sitting"],
            "tests": ["FAIR test=positive"],
            "normal": ["ankle dorsiflexion", "ankle plantarflexion", "knee flexion"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "sciatic_nerve",
        kind="nerve",
        extra={"grade": "irritative"},
    ),
    Case(
        "piriformis-syndrome-notch-tenderness-negative-SLR",
        "lower-limb-neuro-facts §7.5; dysfunctions-tests-exercises.md (SLR sens. 0.15 in deep gluteal syndrome)",
        {
            "signs": ["buttock pain", "tenderness near the greater sciatic notch", "pain with sitting"],
            "absent": ["low back pain"],
            "normal": ["great toe extension", "ankle plantarflexion"],
        },
        "sciatic_nerve",
        kind="nerve",
        extra={"grade": "irritative"},
    ),
    # ------------------------------------------------------------------ non-neural mimics
    Case(
        "gluteal-tendinopathy-single-leg-stance",
        "Grimaldi 2016 (30-s single-leg stance: spec. 100%); lower-limb-neuro-facts §7.12",
        {
            "signs": ["lateral hip pain", "greater trochanter tenderness"],
            "tests": ["30-second single-leg stance test=positive"],
            "normal": ["knee extension", "ankle dorsiflexion", "ankle plantarflexion"],
        },
        "gluteal_tendinopathy",
        kind="mimic",
    ),
    Case(
        "gluteal-tendinopathy-Trendelenburg-with-normal-neurology",
        "lower-limb-neuro-facts §7.12 (a Trendelenburg sign can come from pain; GTPS mimics hip-abductor weakness)",
        {
            "signs": ["Trendelenburg sign", "lateral hip pain"],
            "normal": ["knee extension", "ankle dorsiflexion", "ankle plantarflexion"],
        },
        "gluteal_tendinopathy",
        below=("superior_gluteal_nerve",),
        kind="mimic",
    ),
    Case(
        "femoroacetabular-impingement-groin-pain-FADIR",
        "dysfunctions-tests-exercises.md FADIR row (reproduces groin pain in anterior hip impingement; Reiman 2015)",
        {
            "signs": ["groin pain"],
            "tests": ["FADIR test=positive"],
            "normal": ["hip flexion", "knee extension"],
            "normal_sensation": ["anterior thigh"],
        },
        "femoroacetabular_impingement",
        kind="mimic",
    ),
    Case(
        "hip-osteoarthritis-groin-pain-painful-and-restricted-internal-rotation",
        "Cibulka 2009 hip OA clinical practice guideline (JOSPT 39(4)) and ACR criteria (Altman 1991): hip or "
        "groin pain, pain on and loss of hip internal rotation, morning stiffness under an hour; neurology normal",
        {
            "signs": ["groin pain", "pain on hip internal rotation", "restricted hip internal rotation"],
            "normal": ["hip flexion", "knee extension", "hip adduction"],
            "reflexes": {"knee jerk": "normal"},
            "normal_sensation": ["anterior thigh"],
        },
        "hip_osteoarthritis",
        below=("femoroacetabular_impingement", "L3", "obturator_nerve"),
        kind="mimic",
    ),
    Case(
        "common-fibular-at-fibular-neck-lateral-leg-and-dorsum-numb",
        "Medscape 1141734 (peroneal mononeuropathy at the fibular head: foot drop, weak eversion and toe extension, "
        "inversion spared, numb lateral leg and dorsum); Orthobullets superficial peroneal nerve (lower lateral leg)",
        {
            "weak": ["ankle dorsiflexion=2", "foot eversion=3", "great toe extension=2"],
            "normal": ["foot inversion", "hip abduction", "knee flexion"],
            "numb": ["dorsum of foot", "lateral leg"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "common_fibular_nerve_at_fibular_neck",
        below=("common_fibular_nerve_in_popliteal_fossa", "L5"),
        kind="nerve",
    ),
    Case(
        "pudendal-entrapment-perineal-numbness-pain-sitting",
        "Labat 2008 Nantes criteria (pudendal-territory pain worse with sitting); lower-limb-completion.md §4b "
        "Alcock's canal row (genital and perineal numbness) [C147, C149, C150]",
        {
            "numb": ["perineum"],
            "signs": ["pain with sitting"],
            "normal": ["ankle plantarflexion", "hip extension"],
        },
        "pudendal_nerve",
        below=("posterior_femoral_cutaneous_nerve", "S2"),
        kind="nerve",
    ),
    Case(
        "postpartum-foot-drop-lumbosacral-trunk",
        "Wong et al. Obstet Gynecol 2003;101:279 (postpartum foot drop: lumbosacral trunk compressed by the fetal "
        "head); lower-limb-neuro-facts §7 (the trunk carries L4–L5: dorsiflexion, inversion and eversion)",
        {
            "weak": ["ankle dorsiflexion", "foot inversion", "foot eversion", "great toe extension"],
            "numb": ["dorsum of foot"],
            "reflexes": {"ankle jerk": "normal"},
            "context": ["labour"],
        },
        "lumbosacral_trunk",
        below=("common_fibular_nerve",),
        kind="plexus",
    ),
    Case(
        "meralgia-burning-lateral-thigh-no-numbness-recorded",
        "dysfunctions-tests-exercises.md meralgia paresthetica (burning, paresthesia or numbness of the anterolateral "
        "thigh with no motor loss; strength and reflexes normal) [S118, S120]",
        {
            "signs": ["burning pain in the lateral thigh"],
            "normal": ["knee extension", "hip flexion"],
            "reflexes": {"knee jerk": "normal"},
        },
        "lateral_femoral_cutaneous_nerve",
        below=("L2", "L3", "femoral_nerve"),
        kind="nerve",
    ),
    Case(
        "medial-plantar-jogger's-foot-medial-sole-numb",
        "lower-limb-completion.md medial plantar nerve row (territory: anterior two-thirds of the sole and medial "
        "3 1/2 toes [C27], medial three-fourths of the sole [C120]; compression = jogger's foot [C25])",
        {
            "numb": ["medial sole"],
            "normal": ["ankle plantarflexion", "foot inversion"],
            "reflexes": {"ankle jerk": "normal"},
        },
        "medial_plantar_nerve",
        below=("S1", "L5", "lateral_plantar_nerve"),
        kind="nerve",
    ),
    Case(
        "Morton-neuroma-third-web-space",
        "StatPearls, Morton Neuroma (NBK470249): burning forefoot pain radiating into the third and fourth toes, "
        "numbness of their adjacent sides, Mulder's click; the digital nerve is entrapped under the deep transverse "
        "metatarsal ligament, so the calf and the rest of the sole are spared",
        {
            "signs": ["burning pain in the third web space"],
            "numb": ["third web space"],
            "tests": ["Mulder's click=positive"],
            "normal": ["ankle plantarflexion", "great toe flexion"],
            "normal_sensation": ["medial sole", "lateral sole"],
        },
        "third_common_plantar_digital_nerve",
        below=("tibial_nerve", "medial_plantar_nerve", "S1"),
        kind="nerve",
    ),
    Case(
        "sacroiliac-joint-Laslett-cluster",
        "dysfunctions-tests-exercises.md (Laslett SIJ provocation cluster sens. 0.91–0.94, spec. 0.78)",
        {
            "signs": ["buttock pain"],
            "tests": ["Laslett SIJ provocation cluster=positive"],
            "normal": ["ankle plantarflexion", "great toe extension"],
            "absent": ["radiating leg pain"],
        },
        "sacroiliac_joint_dysfunction",
        kind="mimic",
    ),
]
