#!/usr/bin/env python
"""Generate the binary sample documents (PDF and DOCX) of the bundled corpus.

The texts below were written for the kextract project and are released under
the project's MIT licence.  Run from the repository root::

    .venv/bin/python scripts/make_sample_docs.py

Outputs (deterministic: fixed metadata dates, fixed ZIP timestamps):

* data/equipment/rotating_machinery_safety.pdf   (fpdf2, core font Helvetica)
* data/first_aid/managing_shock.docx              (python-docx)

Requires ``fpdf2`` (dev extra) and ``python-docx``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"

#: Fixed timestamp used for every piece of metadata, so that re-running the
#: script produces byte-identical files.
FIXED_DATE = datetime(2024, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
FIXED_ZIP_DATE = (2024, 1, 15, 9, 0, 0)

# A document is a list of blocks: (kind, payload) where kind is one of
# "title", "h1", "h2", "p", "ul", "ol".  "ul"/"ol" take a list of strings.

ROTATING_MACHINERY = [
    ("title", "Rotating Machinery Safety Rules"),
    ("p", "Workshop and plant safety rule EQ-SR-09. Issued by the Health and "
          "Safety Committee for all maintenance and production staff."),
    ("h2", "1. Scope"),
    ("p", "These rules apply to all rotating machinery on site, including lathes, "
          "drill presses, milling machines, belt conveyors, pumps, fans and shaft "
          "couplings. Portable rotating tools such as angle grinders and paddle "
          "mixers are covered as well when they are used in the maintenance workshop."),
    ("h2", "2. Definitions"),
    ("p", "A nip point, also known as a pinch point or in-running nip, is the point "
          "where two parts move together and can draw in a hand, clothing or hair, "
          "for example where a belt runs onto a pulley. Entanglement refers to the "
          "catching and winding of clothing, hair, gloves or jewellery around a "
          "rotating part. A fixed guard is a guard that is held in place by fasteners "
          "and can only be removed with a tool. An interlocked guard is a movable "
          "guard that is connected to the machine control so that the machine cannot "
          "run while the guard is open."),
    ("h2", "3. Clothing and personal protective equipment"),
    ("p", "Gloves must not be worn when checking drive belt tension on rotating "
          "machinery, because a glove can be drawn into the pulley faster than the "
          "hand can be pulled back. Gloves, loose sleeves, ties, rings and other "
          "items that can be caught must not be worn near any exposed rotating part. "
          "Long hair must be tied back or contained under a cap when working near "
          "rotating shafts. Safety glasses shall be worn at all times in the workshop."),
    ("p", "A rotating shaft can catch loose clothing even when its surface looks "
          "perfectly smooth."),
    ("h2", "4. Guards"),
    ("p", "Guards must not be removed while the machine is running. If a guard is "
          "damaged or missing, the machine shall be taken out of service until the "
          "guard has been repaired or replaced. Interlocks must never be bypassed, "
          "defeated or wedged open. Where a guard has to be removed for maintenance, "
          "the machine must first be isolated and locked out in accordance with "
          "procedure EQ-LOTO-01."),
    ("p", "Operators may adjust the tool rest on a bench grinder only when the wheel "
          "has stopped. The gap between the tool rest and the wheel should not "
          "exceed 3 mm."),
    ("h2", "5. Starting and stopping"),
    ("p", "Before starting a machine, check that all guards are in place and that "
          "nobody is within reach of moving parts. Never leave a machine running "
          "unattended. In case of entanglement, press the nearest emergency stop at "
          "once, then isolate the machine before trying to free the person. Do not "
          "reverse the machine to free a trapped person unless the maintenance "
          "supervisor has confirmed that reversing is safe."),
    ("p", "If an emergency stop button has been pressed:"),
    ("ul", [
        "do not reset it until the cause has been found and removed;",
        "inform the supervisor;",
        "record the event in the machine log.",
    ]),
    ("h2", "6. Examples"),
    ("p", "Example 3: A fitter wearing leather gloves was cleaning swarf from a lathe "
          "chuck with a brush while the spindle was turning slowly. The bristles "
          "caught and pulled the gloved hand towards the chuck. He let go of the "
          "brush in time and was not injured. Since then swarf may be removed only "
          "with the spindle stopped, using a swarf hook rather than a brush or a "
          "gloved hand."),
    ("p", "Consider a belt conveyor that stops whenever a carton jams at the transfer "
          "point. Operators often like to reach in and free the carton while the "
          "drive is merely stopped. The conveyor must be isolated first, because the "
          "stopped drive can restart automatically when the jam sensor clears."),
]

MANAGING_SHOCK = [
    ("title", "Recognising and Managing Shock"),
    ("p", "First aid guidance sheet FA-08. For use by trained workplace first aiders."),
    ("h2", "What shock is"),
    ("p", "Shock is a life-threatening condition in which the circulatory system "
          "fails to supply enough oxygen-rich blood to the vital organs. It is not "
          "the same as the emotional reaction to a frightening event, which people "
          "often call shock in everyday speech. Hypovolaemic shock refers to shock "
          "caused by a loss of blood or other body fluids, for example from severe "
          "bleeding, burns, vomiting or diarrhoea. Cardiogenic shock is shock caused "
          "by the heart failing to pump effectively, usually after a heart attack. "
          "Anaphylaxis, a severe allergic reaction, can cause anaphylactic shock "
          "within minutes. Septic shock is another type of shock, caused by an "
          "overwhelming infection."),
    ("h2", "Signs and symptoms"),
    ("p", "Look for the following signs, especially after a serious injury:"),
    ("ul", [
        "pale, cold and clammy skin, sometimes with a grey or blue tinge around the lips;",
        "a rapid, weak pulse;",
        "fast, shallow breathing;",
        "nausea, thirst and dizziness;",
        "restlessness, confusion and, later, loss of consciousness.",
    ]),
    ("h2", "What to do"),
    ("p", "If you suspect shock, call emergency services and treat any obvious "
          "cause, such as bleeding. Lay the casualty down and raise their legs unless "
          "you suspect a head, neck, spine or leg injury. Loosen tight clothing at the "
          "neck, chest and waist. Keep the casualty warm with a blanket or coat, but "
          "do not overheat them. Do not give the casualty anything to eat or drink, "
          "even if they complain of thirst; you may moisten their lips with water. "
          "Stay with the casualty, reassure them and monitor their breathing, pulse "
          "and level of response until help arrives."),
    ("ol", [
        "If the casualty becomes unresponsive and stops breathing normally, start CPR.",
        "If the casualty vomits or becomes drowsy but is still breathing, turn them "
        "onto their side in the recovery position.",
    ]),
    ("h2", "Anaphylaxis"),
    ("p", "In case of anaphylaxis, help the casualty to use their own adrenaline "
          "auto-injector and call emergency services. Do not raise the legs of a "
          "casualty who is struggling to breathe; let them sit in the position they "
          "find easiest. A second auto-injector may be given after five minutes if "
          "the symptoms do not improve."),
    ("h2", "Worked example"),
    ("p", "Suppose a worker's forearm has been cut by a sheet of glass and is "
          "bleeding heavily. A few minutes after the bleeding has been controlled, "
          "the worker becomes pale, sweaty and confused. The first aider should "
          "recognise hypovolaemic shock, lay the worker down with the legs raised, "
          "cover them with a blanket and call an ambulance, while keeping pressure "
          "on the dressing."),
    ("p", "Shock can develop slowly, so a casualty who seems well at first should "
          "still be watched closely."),
]


def _check_latin1(blocks: list) -> None:
    for kind, payload in blocks:
        for text in payload if isinstance(payload, list) else [payload]:
            text.encode("latin-1")  # raises if a core PDF font cannot render it


def make_pdf(blocks: list, path: Path, *, title: str, subject: str) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    _check_latin1(blocks)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_subject(subject)
    pdf.set_author("kextract developers")
    pdf.set_creator("kextract scripts/make_sample_docs.py")
    pdf.set_producer("fpdf2")
    pdf.set_lang("en")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    def write(text: str, size: float, style: str = "", indent: float = 0.0,
              before: float = 0.0, after: float = 2.0) -> None:
        pdf.ln(before)
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(after)

    for kind, payload in blocks:
        if kind == "title":
            write(payload, 18, "B", after=4)
        elif kind == "h1":
            write(payload, 15, "B", before=2, after=2)
        elif kind == "h2":
            write(payload, 13, "B", before=2, after=1)
        elif kind == "p":
            write(payload, 11)
        elif kind in ("ul", "ol"):
            for i, item in enumerate(payload, 1):
                marker = "-" if kind == "ul" else f"{i}."
                write(f"{marker} {item}", 11, indent=6, after=1)
            pdf.ln(1)
        else:  # pragma: no cover - programming error
            raise ValueError(kind)
    pdf.output(str(path))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP archive with fixed timestamps and attributes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            new.create_system = 0
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def make_docx(blocks: list, path: Path, *, title: str, subject: str) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = "kextract developers"
    props.last_modified_by = "kextract developers"
    props.keywords = "first aid; shock; sample corpus"
    props.comments = "Written for the kextract sample corpus (MIT licence)."
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    for kind, payload in blocks:
        if kind == "title":
            document.add_heading(payload, level=1)
        elif kind == "h1":
            document.add_heading(payload, level=1)
        elif kind == "h2":
            document.add_heading(payload, level=2)
        elif kind == "p":
            document.add_paragraph(payload)
        elif kind == "ul":
            for item in payload:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "ol":
            for item in payload:
                document.add_paragraph(item, style="List Number")
        else:  # pragma: no cover - programming error
            raise ValueError(kind)

    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def main() -> int:
    targets = [
        (make_pdf, ROTATING_MACHINERY, DATA_DIR / "equipment" / "rotating_machinery_safety.pdf",
         "Rotating Machinery Safety Rules", "Equipment safety"),
        (make_docx, MANAGING_SHOCK, DATA_DIR / "first_aid" / "managing_shock.docx",
         "Recognising and Managing Shock", "First aid"),
    ]
    for func, blocks, path, title, subject in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        func(blocks, path, title=title, subject=subject)
        print(f"wrote {path.relative_to(REPO_ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
