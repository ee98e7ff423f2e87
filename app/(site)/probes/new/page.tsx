// /probes/new: create a volunteer account (key shown once) and register a probe, which
// yields a one-time enrollment token and the one-line install-and-enroll command.
import { probeStyles } from "../format";
import { RegisterProbeForm } from "./RegisterProbeForm";

export const metadata = { title: "Run a Vantage probe" };

export default function NewProbePage() {
  return (
    <>
      <style>{probeStyles}</style>
      <h1>Run a probe</h1>
      <p>
        A probe is a small program on a computer inside the network you want measured. It connects to WhatsApp,
        Telegram and Max servers every few minutes and reports whether they could be reached. It reads no messages and
        sends nothing about you: the server never stores your address, and the public list shows your network only
        once at least three probes share it.
      </p>
      <p className="muted">
        Measuring can be noticed by whoever runs your network. Where using these services or circumventing blocks is
        risky, think before running a probe.
      </p>
      <RegisterProbeForm />
    </>
  );
}
