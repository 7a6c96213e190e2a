"""Every write that matters in 协商, one function per action, by topic:
plans.py, activities.py (participants, replies, sign-in, speeches, materials), scheduling.py
(warnings), deliberation.py, outcomes.py and reminders.py (what the beat runs)."""
