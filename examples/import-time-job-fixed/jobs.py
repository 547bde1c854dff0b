"""The scheduler as a process of its own: `python jobs.py`, once, beside Gunicorn (a second container, a
systemd unit). Not imported by the web app."""
from apscheduler.schedulers.blocking import BlockingScheduler


def remove_expired_sessions():
    print("cleanup: removed expired sessions", flush=True)


if __name__ == "__main__":
    scheduler = BlockingScheduler()
    scheduler.add_job(remove_expired_sessions, "interval", seconds=30)
    scheduler.start()
